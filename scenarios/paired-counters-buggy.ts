// BUG: double-entry bookkeeping over a SharedArrayBuffer. Every posting adds the
// same amount to the debit total and to the credit total, and the books must
// always balance. Each Atomics.add is atomic, so no amount is ever lost and the
// books balance again once every posting has finished, but the pair of adds is
// not one step: an auditor that looks in between sees them out of balance, and
// acts on it (closes the books, raises an alarm).
// Interleaving: debits = credits = 500; worker#2 adds 40 to debits -> task#1
//   audits: debits 540, credits 500 -> worker#2 adds 40 to credits.
// FIX (paired-counters-fixed.ts): post both entries and audit under one
//   SharedMutex, so the pair moves together for every reader.
// expect: corruption assertion
import { defineScenario, type Ctx } from 'racecheck';

const DEBITS = 0, CREDITS = 1;

interface Books {
  totals: Int32Array; // [debits, credits]
}

export default defineScenario({
  name: 'paired counters: two atomic adds that must move together',
  description: 'debit and credit totals updated with separate Atomics.add; auditors assert they balance',
  setup: (): Books => ({ totals: new Int32Array(new SharedArrayBuffer(8)) }),
  ops: {
    post: async (b, ctx: Ctx) => {
      const amount = ctx.int(1, 100);
      Atomics.add(b.totals, DEBITS, amount);
      await ctx.yield('debit posted, credit not yet');
      Atomics.add(b.totals, CREDITS, amount);
    },
    audit: (b, ctx: Ctx) => {
      const debits = Atomics.load(b.totals, DEBITS);
      const credits = Atomics.load(b.totals, CREDITS);
      ctx.assert(debits === credits, `books out of balance: debits ${debits}, credits ${credits}`);
    },
  },
  workers: { ops: { post: 3, audit: 1 } },
  tasks: { ops: { post: 3, audit: 1 } },
  invariant: (b) => b.totals[DEBITS] === b.totals[CREDITS] || `debits ${b.totals[DEBITS]} != credits ${b.totals[CREDITS]} at rest`,
});
