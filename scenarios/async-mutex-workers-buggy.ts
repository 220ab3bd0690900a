// BUG: an in-memory async mutex used from worker threads. The mutex is a plain JS
// object (a flag and a queue of promise resolvers), built in attach(), which runs
// once per thread: the main thread's loop tasks share one copy, but every worker
// thread gets its own. Each copy only excludes the code of its own thread, so a
// worker and a loop task (or two workers) run the deposit at once and one update
// is lost. The same mistake as using asyncio.Lock from threads.
// Interleaving: worker#1 takes its copy of the mutex, reads balance 7 -> task#1
//   takes the main thread's copy (free!), reads 7 -> both write 8.
// FIX (async-mutex-workers-fixed.ts): a SharedMutex created in setup(): its state
//   lives in a SharedArrayBuffer, so every thread's view is the same lock.
// expect: corruption lost-update
import { defineScenario } from 'racecheck';

/** A promise-based mutex: correct on one event loop, meaningless across threads. */
class AsyncMutex {
  private locked = false;
  private readonly waiters: (() => void)[] = [];
  async lock(): Promise<void> {
    if (!this.locked) {
      this.locked = true;
      return;
    }
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }
  unlock(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.locked = false;
  }
}

interface Account {
  balance: Int32Array;
  mutex: AsyncMutex;
}

export default defineScenario({
  name: 'mutex: in-memory async mutex shared with workers',
  description: 'deposits from workers and loop tasks, each thread guarded by its own copy of an async mutex',
  setup: () => ({ balance: new Int32Array(new SharedArrayBuffer(4)) }),
  attach: (s): Account => ({ balance: s.balance, mutex: new AsyncMutex() }), // BUG: one mutex per thread
  ops: {
    deposit: async (acct, ctx) => {
      await acct.mutex.lock();
      try {
        await ctx.transition('deposit', async () => {
          const v = acct.balance[0]!;
          await ctx.yield('between read and write');
          acct.balance[0] = v + 1;
        });
      } finally {
        acct.mutex.unlock();
      }
    },
  },
  verify: (acct, round) =>
    acct.balance[0] === round.count('deposit') || `balance is ${acct.balance[0]}, expected ${round.count('deposit')} deposits`,
});
