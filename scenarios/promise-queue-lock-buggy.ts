// BUG: a hand-written promise-queue lock whose release() forgets the next waiter.
// acquire() queues a resolver when the lock is taken; release() is meant to hand
// the lock to the first queued waiter. It takes the waiter off the queue and marks
// the lock free, but never resolves the waiter's promise: that task waits forever,
// while later acquirers find the lock free and go ahead. Loop tasks only, no threads:
// when the other tasks are done, nothing is left on the event loop that could wake it.
// Interleaving: task#1 acquires -> task#2 queues (waits) -> task#1 releases: task#2
//   is dequeued, never resolved, the lock is free -> task#3 acquires and proceeds ->
//   ... -> every task but task#2 finishes; task#2 waits on a promise no one holds.
// FIX (promise-queue-lock-fixed.ts): release() resolves the dequeued waiter, handing
//   the lock over directly (it stays taken), and frees it only when nobody waits.
// expect: deadlock deadlock
import { defineScenario } from 'racecheck';

class QueueLock {
  private held = false;
  private readonly queue: (() => void)[] = [];
  acquire(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.queue.push(resolve));
  }
  release(): void {
    this.queue.shift(); // BUG: the next waiter is dropped, its promise never resolved
    this.held = false;
  }
}

interface Counter {
  lock: QueueLock;
  value: number;
}

export default defineScenario({
  name: 'loop: promise-queue lock drops the next waiter',
  description: 'loop tasks increment plain JS state under a hand-written promise lock',
  setup: () => ({}),
  attach: (): Counter => ({ lock: new QueueLock(), value: 0 }),
  ops: {
    increment: async (c, ctx) => {
      ctx.label('waiting for the queue lock');
      await c.lock.acquire();
      try {
        ctx.label('holding the queue lock');
        const v = c.value;
        await ctx.yield('between read and write');
        c.value = v + 1;
      } finally {
        c.lock.release();
      }
    },
  },
  workers: false,
  verify: (c, round) => c.value === round.count('increment') || `value is ${c.value}, expected ${round.count('increment')}`,
});
