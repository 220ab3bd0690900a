// FIXED loop-lost-update-buggy.ts, two ways (one scenario each):
// 1. Await first, then read and write in one synchronous step: nothing else can
//    run on the event loop between the read and the write.
// 2. When the update really needs the awaited result, hold an in-process async
//    mutex (a promise chain) across the await. It excludes tasks on this event
//    loop only: it is a plain JS object, so it must never be shared with workers
//    (see the async-mutex-workers scenarios).
import { defineScenario } from 'racecheck';

interface Stats {
  hits: number;
}

/** FIFO async mutex for one event loop: each holder waits for the previous one's release. */
class LoopMutex {
  private tail: Promise<void> = Promise.resolve();
  async lock(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const prev = this.tail;
    this.tail = prev.then(() => held);
    await prev;
    return release;
  }
}

const verify = (s: Stats, round: { count(op: string): number }) =>
  s.hits === round.count('recordHit') || `hits is ${s.hits}, expected ${round.count('recordHit')} (one per recordHit)`;

export default [
  defineScenario({
    name: 'loop: update after the await, in one synchronous step',
    setup: () => ({}),
    attach: (): Stats => ({ hits: 0 }),
    ops: {
      recordHit: async (s, ctx) => {
        await ctx.yield('awaiting the access-log write');
        // A synchronous transition: the read and the write happen in one turn.
        await ctx.transition('recordHit', () => {
          s.hits = s.hits + 1;
        });
      },
    },
    workers: false,
    verify,
  }),
  defineScenario({
    name: 'loop: async mutex held across the await',
    setup: () => ({}),
    attach: () => ({ hits: 0, mutex: new LoopMutex() }),
    ops: {
      recordHit: async (s, ctx) => {
        const release = await s.mutex.lock();
        try {
          await ctx.transition('recordHit', async () => {
            const v = s.hits;
            await ctx.yield('awaiting the access-log write');
            s.hits = v + 1;
          });
        } finally {
          release();
        }
      },
    },
    workers: false,
    verify,
  }),
];
