// BUG: check-then-act across an await on the event loop. A withdrawal checks
// the balance, awaits the payment provider, then debits. The debit itself
// re-reads the balance (no lost update), but the check is stale by then:
// several withdrawals pass the check against the same funds and the account
// goes negative. No threads involved.
// Interleaving: balance 100; task#1 checks 80 <= 100, awaits -> task#2 checks
//   60 <= 100, awaits -> task#1 debits: 20 -> task#2 debits: -40.
// FIX (loop-overdraft-fixed.ts): reserve the funds before the await (check and
//   debit in one synchronous step) and refund if the payment fails.
// expect: corruption assertion
import { defineScenario, type Ctx } from 'racecheck';

interface Account {
  balance: number;
}

export default defineScenario({
  name: 'loop: balance checked before an await, debited after it',
  description: 'loop tasks withdraw from one account kept in plain JS state',
  setup: () => ({}),
  attach: (): Account => ({ balance: 1000 }),
  ops: {
    withdraw: async (acct, ctx: Ctx) => {
      const amount = ctx.int(1, 100);
      if (acct.balance < amount) return 'declined';
      await ctx.yield('charging the card');
      acct.balance -= amount;
      ctx.assert(acct.balance >= 0, `overdraft: balance is ${acct.balance} after withdrawing ${amount}; the funds check ran before the await`);
      return 'paid';
    },
  },
  workers: false,
  invariant: (acct) => acct.balance >= 0 || `balance is ${acct.balance}`,
});
