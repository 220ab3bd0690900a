// BUG: two locks taken in opposite orders. transfer(from, to) locks the source
// account, then the destination. A transfer a->b and a transfer b->a running at
// once each hold one lock and wait for the other, forever; every later transfer
// then queues behind them. Worker threads block in lockSync(), loop tasks wait in
// `await lock()`, and the cycle can mix both.
// Interleaving: worker#1 transfer(0->1) locks account 0 -> task#1 transfer(1->0)
//   locks account 1 -> worker#1 waits for account 1 (held by task#1) -> task#1
//   waits for account 0 (held by worker#1).
// FIX (lock-order-fixed.ts): take both locks in one global order (lower account
//   index first), whatever the direction of the transfer.
// expect: deadlock wait-cycle
import { defineScenario, SharedMutex, type Ctx } from 'racecheck';

interface Bank {
  balances: Int32Array;
  locks: SharedMutex[];
}

/** Workers may block their own thread; a loop task must not block the event loop. */
async function acquire(m: SharedMutex, ctx: Ctx): Promise<void> {
  if (ctx.actor.kind === 'worker') m.lockSync(ctx);
  else await m.lock(ctx);
}

export default defineScenario({
  name: 'locks: transfer locks source then destination',
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
      await acquire(bank.locks[from]!, ctx);
      try {
        await ctx.yield('holding the source account');
        await acquire(bank.locks[to]!, ctx);
        try {
          await ctx.transition('transfer', () => {
            bank.balances[from]! -= amount;
            bank.balances[to]! += amount;
          });
        } finally {
          bank.locks[to]!.unlock();
        }
      } finally {
        bank.locks[from]!.unlock();
      }
    },
  },
  invariant: (bank) => bank.balances[0]! + bank.balances[1]! === 2000 || `total is ${bank.balances[0]! + bank.balances[1]!}, expected 2000`,
});
