// BUG: transfers between accounts kept in a SharedArrayBuffer read both
// balances, then write both back, with no lock. Worker threads and loop tasks
// transfer at once; two transfers touching the same account both compute from
// the balance they read, and the second write-back erases the first. Money is
// created or destroyed.
// Interleaving: worker#1 reads A = 100, B = 100 to move 10 A -> B; task#2 reads
//   A = 100, C = 100 to move 5 A -> C; worker#1 writes A = 90, B = 110; task#2
//   writes A = 95, C = 105: the total is now 305, 5 too many.
// FIX (bank-fixed.ts): one SharedMutex around every transfer, taken with
//   `await lock.lock(ctx)` (waits with Atomics.waitAsync, so loop tasks do not block the loop).
// expect: corruption lost-update
import { defineScenario } from 'racecheck';

const ACCOUNTS = 4;
const OPENING = 1000;

export default defineScenario({
  name: 'bank: transfer without a lock',
  description: `${ACCOUNTS} accounts in a SharedArrayBuffer, transfers from workers and loop tasks`,
  setup: () => ({ balances: new Int32Array(new SharedArrayBuffer(ACCOUNTS * 4)).fill(OPENING) }),
  ops: {
    transfer: async (s, ctx) => {
      const from = ctx.int(0, ACCOUNTS - 1);
      const to = (from + ctx.int(1, ACCOUNTS - 1)) % ACCOUNTS;
      const amount = ctx.int(1, 50);
      await ctx.transition('transfer', async () => {
        const a = s.balances[from]!;
        const b = s.balances[to]!;
        if (a < amount) return; // insufficient funds: nothing to do
        await ctx.yield('balances read, about to write them back');
        s.balances[from] = a - amount;
        s.balances[to] = b + amount;
      });
    },
  },
  invariant: (s) => {
    const total = s.balances.reduce((x, y) => x + y, 0);
    return total === ACCOUNTS * OPENING || `total is ${total}, expected ${ACCOUNTS * OPENING}: money was created or destroyed`;
  },
});
