// FIXED semaphore-overadmit-buggy.ts: the permit is taken with a
// compare-and-swap loop. Atomics.compareExchange(inUse, 0, n, n + 1) succeeds
// only if the count is still the n this caller saw; otherwise someone else took
// or returned a permit in between and the caller looks again. The check and the
// increment are now one indivisible step.
import { defineScenario, type Ctx } from 'racecheck';

const LIMIT = 2;

interface Pool {
  inUse: Int32Array;
}

async function acquire(p: Pool, ctx: Ctx): Promise<void> {
  for (;;) {
    const n = Atomics.load(p.inUse, 0);
    if (n < LIMIT && Atomics.compareExchange(p.inUse, 0, n, n + 1) === n) return;
    await ctx.yield('waiting for a permit');
  }
}

function release(p: Pool): void {
  Atomics.sub(p.inUse, 0, 1);
}

export default defineScenario({
  name: 'semaphore: compare-and-swap acquire',
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
