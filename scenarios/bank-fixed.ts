// FIXED bank-buggy.ts: every transfer holds one SharedMutex while it
// reads and writes the balances. Workers and loop tasks share the lock's
// memory (the engine revives its structured clone in each worker); loop tasks
// wait with `await lock.lock(ctx)`, which uses Atomics.waitAsync and so never
// blocks the event loop. The lock's own words are left out of the ledger's
// checksum, which covers only the balances.
import { defineScenario, SharedMutex } from 'racecheck';

const ACCOUNTS = 4;
const OPENING = 1000;

export default defineScenario({
  name: 'bank: transfer under a SharedMutex',
  description: `${ACCOUNTS} accounts in a SharedArrayBuffer, transfers from workers and loop tasks`,
  setup: () => ({
    balances: new Int32Array(new SharedArrayBuffer(ACCOUNTS * 4)).fill(OPENING),
    lock: new SharedMutex('bank'),
  }),
  ops: {
    transfer: async (s, ctx) => {
      const from = ctx.int(0, ACCOUNTS - 1);
      const to = (from + ctx.int(1, ACCOUNTS - 1)) % ACCOUNTS;
      const amount = ctx.int(1, 50);
      await s.lock.lock(ctx);
      try {
        await ctx.transition('transfer', async () => {
          const a = s.balances[from]!;
          const b = s.balances[to]!;
          if (a < amount) return;
          await ctx.yield('balances read, about to write them back');
          s.balances[from] = a - amount;
          s.balances[to] = b + amount;
        });
      } finally {
        s.lock.unlock();
      }
    },
  },
  invariant: (s) => {
    const total = s.balances.reduce((x, y) => x + y, 0);
    return total === ACCOUNTS * OPENING || `total is ${total}, expected ${ACCOUNTS * OPENING}: money was created or destroyed`;
  },
});
