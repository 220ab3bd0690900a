// FIXED bank-fee-buggy.ts: the fee job takes the bank's SharedMutex like every
// other writer of the balances, and declares its update a transition, so the
// ledger sees every change to the balances inside some transition.
import { defineScenario, SharedMutex } from 'racecheck';

const CUSTOMERS = 4;
const FEES = CUSTOMERS; // index of the bank's fee account
const OPENING = 1000;
const FEE = 5;

interface Bank {
  balances: Int32Array; // CUSTOMERS customer accounts, then the fee account
  lock: SharedMutex;
}

export default defineScenario({
  name: 'bank: the fee job takes the lock too',
  description: 'locked transfers between customers; a locked fee job debits customers',
  setup: (): Bank => {
    const balances = new Int32Array(new SharedArrayBuffer((CUSTOMERS + 1) * 4)).fill(OPENING);
    balances[FEES] = 0;
    return { balances, lock: new SharedMutex('bank') };
  },
  ops: {
    transfer: async (b, ctx) => {
      const from = ctx.int(0, CUSTOMERS - 1);
      const to = (from + ctx.int(1, CUSTOMERS - 1)) % CUSTOMERS;
      const amount = ctx.int(1, 50);
      await b.lock.lock(ctx);
      try {
        await ctx.transition('transfer', async () => {
          const a = b.balances[from]!;
          if (a < amount) return;
          await ctx.yield('balances read, about to write them back');
          b.balances[from] = a - amount;
          b.balances[to] = b.balances[to]! + amount;
        });
      } finally {
        b.lock.unlock();
      }
    },
    chargeFee: async (b, ctx) => {
      const who = ctx.int(0, CUSTOMERS - 1);
      await b.lock.lock(ctx);
      try {
        await ctx.transition('chargeFee', () => {
          if (b.balances[who]! < FEE) return;
          b.balances[who] = b.balances[who]! - FEE;
          b.balances[FEES] = b.balances[FEES]! + FEE;
        });
      } finally {
        b.lock.unlock();
      }
    },
  },
  workers: { ops: { transfer: 4, chargeFee: 1 } },
  tasks: { ops: { transfer: 4, chargeFee: 1 } },
  invariant: (b) => {
    const total = b.balances.reduce((x, y) => x + y, 0);
    return total === CUSTOMERS * OPENING || `total is ${total}, expected ${CUSTOMERS * OPENING}: money was created or destroyed`;
  },
});
