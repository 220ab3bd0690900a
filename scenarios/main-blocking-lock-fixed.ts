// FIXED main-blocking-lock-buggy.ts: loop tasks take the journal lock with
// `await mutex.lock(ctx)`, which waits with Atomics.waitAsync. While a worker
// compacts, the task waiting for the lock is suspended but the event loop keeps
// running every other task, timer and callback. Worker threads may still block
// their own thread with lockSync().
import { defineScenario, SharedMutex } from 'racecheck';

const COMPACT_MS = 300;
const SLOTS = 64;

interface Journal {
  lock: SharedMutex;
  /** [0] = next free slot, then SLOTS entries. */
  entries: Int32Array;
}

function compactSlowly(j: Journal): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, COMPACT_MS);
  j.entries.fill(0, 1);
  j.entries[0] = 0;
}

export default defineScenario({
  name: 'main thread: loop tasks wait for the lock with waitAsync',
  description: 'a journal behind a SharedMutex, appended to by loop tasks and workers, compacted by workers',
  setup: (): Journal => ({ lock: new SharedMutex('journal'), entries: new Int32Array(new SharedArrayBuffer(4 * (SLOTS + 1))) }),
  ops: {
    append: async (j, ctx) => {
      await ctx.yield('before appending');
      if (ctx.actor.kind === 'task') await j.lock.lock(ctx); // waits without blocking the loop
      else j.lock.lockSync(ctx);
      try {
        const at = j.entries[0]!;
        if (at < SLOTS) {
          j.entries[1 + at] = ctx.actor.id + 1;
          j.entries[0] = at + 1;
        }
      } finally {
        j.lock.unlock();
      }
    },
    compact: async (j, ctx) => {
      j.lock.lockSync(ctx);
      try {
        ctx.label('compacting the journal');
        compactSlowly(j);
      } finally {
        j.lock.unlock();
      }
    },
  },
  workers: { ops: { append: 10, compact: 1 }, count: 2, opsPerRound: 12 },
  tasks: { ops: ['append'], count: 4 },
  invariant: (j) => (j.entries[0]! >= 0 && j.entries[0]! <= SLOTS) || `journal length ${j.entries[0]}`,
});
