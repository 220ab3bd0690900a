// BUG: a counting semaphore over a SharedArrayBuffer (a connection pool of
// LIMIT connections shared by worker threads and loop tasks) checks that a
// permit is free, then takes it in a separate step. Each step is atomic on its
// own, the pair is not: several callers see the same free permit.
// Interleaving: 1 of 2 permits in use; worker#1 loads 1 (< 2) -> task#3 loads
//   1 (< 2) -> both Atomics.add: 3 callers hold 2 permits.
// FIX (semaphore-overadmit-fixed.ts): take the permit with a compare-and-swap
//   loop (Atomics.compareExchange from n to n + 1), retrying when another caller
//   changed the count in between.
// expect: corruption occupancy
import { defineScenario, type Ctx } from 'racecheck';

const LIMIT = 2;

interface Pool {
  inUse: Int32Array;
}

async function acquire(p: Pool, ctx: Ctx): Promise<void> {
  for (;;) {
    if (Atomics.load(p.inUse, 0) < LIMIT) {
      // e.g. the pool awaits a health check or logs the checkout here
      await ctx.yield('permit looked free, taking it');
      Atomics.add(p.inUse, 0, 1);
      return;
    }
    await ctx.yield('waiting for a permit');
  }
}

function release(p: Pool): void {
  Atomics.sub(p.inUse, 0, 1);
}

export default defineScenario({
  name: 'semaphore: check-then-increment',
  description: `a pool of ${LIMIT} connections guarded by a counting semaphore in a SharedArrayBuffer`,
  setup: (): Pool => ({ inUse: new Int32Array(new SharedArrayBuffer(4)) }),
  ops: {
    query: async (p, ctx) => {
      await acquire(p, ctx);
      try {
        await ctx.section('connection', () => ctx.yield('running the query'), { limit: LIMIT });
      } finally {
        release(p);
      }
    },
  },
  invariant: (p) => p.inUse[0] === 0 || `${p.inUse[0]} permits still taken after every query finished`,
});
