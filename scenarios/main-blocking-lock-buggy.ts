// BUG: a blocking lock taken on the main thread. A journal is shared by worker
// threads and loop tasks behind one SharedMutex. The loop tasks take it with
// lockSync() ("appending is a few microseconds, what could go wrong"), which parks
// the whole main thread in Atomics.wait while a worker holds the lock. A worker
// compacting the journal holds it for ~300 ms, and for all that time no loop task,
// timer or I/O callback of the process can run: the event loop is starved.
// Interleaving: worker#2 locks the journal and starts compacting -> task#1 calls
//   lockSync(): the main thread blocks in Atomics.wait -> every other loop task,
//   timer and socket waits ~300 ms for the compaction to end.
// FIX (main-blocking-lock-fixed.ts): loop tasks `await mutex.lock(ctx)`, which waits
//   with Atomics.waitAsync: the task waits, the event loop keeps running.
// expect: starvation loop-blocked
import { defineScenario, SharedMutex } from 'racecheck';

const COMPACT_MS = 300;
const SLOTS = 64;

interface Journal {
  lock: SharedMutex;
  /** [0] = next free slot, then SLOTS entries. */
  entries: Int32Array;
}

/** A slow step under the lock (simulated with a timed wait): fine for a worker thread. */
function compactSlowly(j: Journal): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, COMPACT_MS);
  j.entries.fill(0, 1);
  j.entries[0] = 0;
}

export default defineScenario({
  name: 'main thread: blocking lock taken by a loop task',
  description: 'a journal behind a SharedMutex, appended to by loop tasks and workers, compacted by workers',
  setup: (): Journal => ({ lock: new SharedMutex('journal'), entries: new Int32Array(new SharedArrayBuffer(4 * (SLOTS + 1))) }),
  ops: {
    append: async (j, ctx) => {
      await ctx.yield('before appending');
      if (ctx.actor.kind === 'task') j.lock.lockSync(ctx); // BUG: blocks the event loop
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
