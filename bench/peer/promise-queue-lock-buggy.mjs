// fast-check peer of scenarios/promise-queue-lock-buggy.ts: a hand-written
// promise-queue lock whose release() dequeues the next waiter without resolving
// it. The dropped task waits forever (a deadlock with nothing left to wake it).
// As a property: once the scheduler has nothing left to run, every task must
// have finished.
import { OPS, TASKS } from './shape.mjs';

export const description = 'promise-queue lock that drops the next waiter: a task waits forever';

class QueueLock {
  constructor(fixed) {
    this.fixed = fixed;
    this.held = false;
    this.queue = [];
  }
  acquire() {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.queue.push(resolve));
  }
  release() {
    const next = this.queue.shift();
    if (this.fixed && next) next(); // hand the lock over: it stays held
    else this.held = false;
  }
}

/** fixed: the scenario's fix (release() resolves the dequeued waiter): must pass. */
export function property(fc, { fixed = false } = {}) {
  return fc.asyncProperty(fc.scheduler(), async (s) => {
    const lock = new QueueLock(fixed);
    const c = { value: 0 };
    let finished = 0;
    const increment = async () => {
      await lock.acquire();
      try {
        const v = c.value;
        await s.schedule(Promise.resolve(), 'between read and write');
        c.value = v + 1;
      } finally {
        lock.release();
      }
    };
    for (let t = 0; t < TASKS; t++) {
      (async () => {
        for (let i = 0; i < OPS; i++) await increment();
        finished++;
      })();
    }
    // Run until nothing is scheduled any more; a setImmediate turn first lets every
    // task's microtask continuations reach their next scheduled step (or finish).
    for (;;) {
      await new Promise((r) => setImmediate(r));
      if (s.count() === 0) break;
      await s.waitAll();
    }
    return finished === TASKS;
  });
}
