// BUG: one code path forgot the lock. Transfers are correct: they hold the
// bank's SharedMutex and are declared transitions. A fee job added later
// debits a customer and credits the bank's fee account with plain reads and
// writes, without the lock ("it is only two lines"). Its writes land between
// transfers, or inside one: a transfer that read a balance before the fee was
// charged writes back the old balance and the fee disappears from one side.
// racecheck's ledger sees the balances change between two transitions, where
// nothing is allowed to change them (a checksum break).
// Interleaving: transfer (locked) reads A = 500 -> fee job writes A = 495,
//   fees += 5 -> transfer writes A = 450: the customer was never charged, but
//   the bank booked the fee; total +5.
// FIX (bank-fee-fixed.ts): the fee job takes the same SharedMutex (and is a
//   declared transition, like every other writer of the balances).
// The same race can reach the invariant first (total +5 after the round) when the
// lost write lands where no transition reads it.
// expect: corruption checksum-break|invariant
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
  name: 'bank: a fee job that skips the lock',
  description: 'locked transfers between customers; an unlocked fee job debits customers',
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
    chargeFee: (b, ctx) => {
      const who = ctx.int(0, CUSTOMERS - 1);
      if (b.balances[who]! < FEE) return;
      b.balances[who] = b.balances[who]! - FEE; // BUG: no lock
      b.balances[FEES] = b.balances[FEES]! + FEE;
    },
  },
  workers: { ops: { transfer: 4, chargeFee: 1 } },
  tasks: { ops: { transfer: 4, chargeFee: 1 } },
  invariant: (b) => {
    const total = b.balances.reduce((x, y) => x + y, 0);
    return total === CUSTOMERS * OPENING || `total is ${total}, expected ${CUSTOMERS * OPENING}: money was created or destroyed`;
  },
});
