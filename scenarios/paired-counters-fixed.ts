// FIXED paired-counters-buggy.ts: a posting adds to both totals while holding a
// SharedMutex, and the auditor reads both under the same mutex, so it only ever
// sees the books between postings, where they balance.
import { defineScenario, SharedMutex, type Ctx } from 'racecheck';

const DEBITS = 0, CREDITS = 1;

interface Books {
  totals: Int32Array; // [debits, credits]
  lock: SharedMutex;
}

export default defineScenario({
  name: 'paired counters: both adds under one SharedMutex',
  description: 'debit and credit totals updated together under a lock; auditors assert they balance',
  setup: (): Books => ({ totals: new Int32Array(new SharedArrayBuffer(8)), lock: new SharedMutex('books') }),
  ops: {
    post: async (b, ctx: Ctx) => {
      const amount = ctx.int(1, 100);
      await b.lock.lock(ctx);
      try {
        Atomics.add(b.totals, DEBITS, amount);
        await ctx.yield('debit posted, credit not yet');
        Atomics.add(b.totals, CREDITS, amount);
      } finally {
        b.lock.unlock();
      }
    },
    audit: async (b, ctx: Ctx) => {
      await b.lock.lock(ctx);
      let debits: number, credits: number;
      try {
        debits = Atomics.load(b.totals, DEBITS);
        credits = Atomics.load(b.totals, CREDITS);
      } finally {
        b.lock.unlock();
      }
      ctx.assert(debits === credits, `books out of balance: debits ${debits}, credits ${credits}`);
    },
  },
  workers: { ops: { post: 3, audit: 1 } },
  tasks: { ops: { post: 3, audit: 1 } },
  invariant: (b) => b.totals[DEBITS] === b.totals[CREDITS] || `debits ${b.totals[DEBITS]} != credits ${b.totals[CREDITS]} at rest`,
});
