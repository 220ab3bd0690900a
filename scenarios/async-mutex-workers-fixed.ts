// FIXED async-mutex-workers-buggy.ts: the mutex is a SharedMutex created in setup().
// Its state lives in a SharedArrayBuffer, so the structured clone each worker gets
// is the same lock, and `await withLock(fn, ctx)` excludes every thread and every
// loop task alike (waiting with Atomics.waitAsync: no thread is blocked).
import { defineScenario, SharedMutex } from 'racecheck';

interface Account {
  balance: Int32Array;
  mutex: SharedMutex;
}

export default defineScenario({
  name: 'mutex: SharedMutex shared with workers',
  description: 'deposits from workers and loop tasks, guarded by one SharedMutex',
  setup: (): Account => ({ balance: new Int32Array(new SharedArrayBuffer(4)), mutex: new SharedMutex('balance') }),
  ops: {
    deposit: async (acct, ctx) => {
      await acct.mutex.withLock(
        () =>
          ctx.transition('deposit', async () => {
            const v = acct.balance[0]!;
            await ctx.yield('between read and write');
            acct.balance[0] = v + 1;
          }),
        ctx,
      );
    },
  },
  verify: (acct, round) =>
    acct.balance[0] === round.count('deposit') || `balance is ${acct.balance[0]}, expected ${round.count('deposit')} deposits`,
});
