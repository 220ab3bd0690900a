// fast-check peer of scenarios/loop-overdraft-buggy.ts: a withdrawal checks the
// balance, awaits the payment provider, then debits; concurrent withdrawals
// pass the check against the same funds and the balance goes negative.
import { OPS, TASKS, runRound } from './shape.mjs';

export const description = 'balance checked before an await, debited after it';

/** fixed: the scenario's fix (reserve the funds before the await): must pass. */
export function property(fc, { fixed = false } = {}) {
  const amounts = fc.array(fc.array(fc.integer({ min: 1, max: 100 }), { minLength: OPS, maxLength: OPS }), { minLength: TASKS, maxLength: TASKS });
  return fc.asyncProperty(fc.scheduler(), amounts, async (s, amountsOf) => {
    const acct = { balance: 1000 };
    let overdrawn = false;
    const withdraw = async (amount) => {
      if (acct.balance < amount) return 'declined';
      if (fixed) {
        acct.balance -= amount;
        await s.schedule(Promise.resolve(), 'charging the card');
      } else {
        await s.schedule(Promise.resolve(), 'charging the card');
        acct.balance -= amount;
      }
      if (acct.balance < 0) overdrawn = true;
      return 'paid';
    };
    await runRound(s, (t, i) => withdraw(amountsOf[t][i]));
    return !overdrawn;
  });
}
