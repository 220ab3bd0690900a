// BUG: an async request handler keeps a hit counter in a plain JS object. It
// reads the counter, awaits I/O (writing an access-log line), then stores the
// value it read plus one. There are no threads at all: every task runs on the
// main event loop, but the `await` lets the other tasks run in between, and
// they read the same, soon stale, value.
// Interleaving: task#1 reads hits = 4 and awaits -> task#2 reads 4 and awaits
//   -> task#1 writes 5 -> task#2 writes 5: one hit is lost.
// FIX (loop-lost-update-fixed.ts): read and write in one synchronous step after
//   the await, or hold an in-process async mutex across the await.
// expect: corruption lost-update
import { defineScenario } from 'racecheck';

interface Stats {
  hits: number;
}

export default defineScenario({
  name: 'loop: read-modify-write across await',
  description: 'async tasks on one event loop, no threads: `const v = s.hits; await log(); s.hits = v + 1`',
  setup: () => ({}),
  // Plain JS state: the main thread's tasks and checks share this one view per round.
  attach: (): Stats => ({ hits: 0 }),
  ops: {
    recordHit: async (s, ctx) => {
      await ctx.transition('recordHit', async () => {
        const v = s.hits;
        await ctx.yield('awaiting the access-log write');
        s.hits = v + 1;
      });
    },
  },
  workers: false,
  verify: (s, round) =>
    s.hits === round.count('recordHit') || `hits is ${s.hits}, expected ${round.count('recordHit')} (one per recordHit)`,
});
