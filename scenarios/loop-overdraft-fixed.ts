// FIXED loop-overdraft-buggy.ts: the funds are reserved (checked and debited in
// one synchronous step) before the await, so no other withdrawal can pass the
// check against the same money; a failed payment refunds the reservation.
import { defineScenario, type Ctx } from 'racecheck';

interface Account {
  balance: number;
}

export default defineScenario({
  name: 'loop: funds reserved before the await',
  description: 'loop tasks withdraw from one account kept in plain JS state',
  setup: () => ({}),
  attach: (): Account => ({ balance: 1000 }),
  ops: {
    withdraw: async (acct, ctx: Ctx) => {
      const amount = ctx.int(1, 100);
      if (acct.balance < amount) return 'declined';
      acct.balance -= amount; // reserve
      try {
        await ctx.yield('charging the card');
        if (ctx.random() < 0.1) throw new Error('card declined by the provider');
      } catch {
        acct.balance += amount; // refund
        return 'declined';
      }
      ctx.assert(acct.balance >= 0, `overdraft: balance is ${acct.balance} after withdrawing ${amount}`);
      return 'paid';
    },
  },
  workers: false,
  invariant: (acct) => acct.balance >= 0 || `balance is ${acct.balance}`,
});
