// FIXED lock-order-buggy.ts: every transfer takes the two account locks in one
// global order (lower index first), whatever its direction. A thread holding the
// lower lock can always get the higher one eventually, so no wait-for cycle can form.
import { defineScenario, SharedMutex, type Ctx } from 'racecheck';

interface Bank {
  balances: Int32Array;
  locks: SharedMutex[];
}

async function acquire(m: SharedMutex, ctx: Ctx): Promise<void> {
  if (ctx.actor.kind === 'worker') m.lockSync(ctx);
  else await m.lock(ctx);
}

export default defineScenario({
  name: 'locks: transfer locks accounts in index order',
  description: 'two accounts, each with a SharedMutex; transfers in both directions from workers and loop tasks',
  setup: (): Bank => ({
    balances: new Int32Array(new SharedArrayBuffer(8)).fill(1000),
    locks: [new SharedMutex('account 0'), new SharedMutex('account 1')],
  }),
  ops: {
    transfer: async (bank, ctx) => {
      const from = ctx.int(0, 1);
      const to = 1 - from;
      const amount = ctx.int(1, 10);
      const [first, second] = from < to ? [from, to] : [to, from];
      await acquire(bank.locks[first]!, ctx);
      try {
        await ctx.yield('holding the first account');
        await acquire(bank.locks[second]!, ctx);
        try {
          await ctx.transition('transfer', () => {
            bank.balances[from]! -= amount;
            bank.balances[to]! += amount;
          });
        } finally {
          bank.locks[second]!.unlock();
        }
      } finally {
        bank.locks[first]!.unlock();
      }
    },
  },
  invariant: (bank) => bank.balances[0]! + bank.balances[1]! === 2000 || `total is ${bank.balances[0]! + bank.balances[1]!}, expected 2000`,
});
