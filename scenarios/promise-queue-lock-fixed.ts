// FIXED promise-queue-lock-buggy.ts: release() resolves the waiter it dequeues,
// handing the lock over directly (it stays taken, so no newcomer can slip in
// between), and marks it free only when nobody is waiting.
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
    const next = this.queue.shift();
    if (next) next();
    else this.held = false;
  }
}

interface Counter {
  lock: QueueLock;
  value: number;
}

export default defineScenario({
  name: 'loop: promise-queue lock hands over to the next waiter',
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
