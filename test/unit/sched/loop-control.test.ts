// LoopControl with gated workers: a check that fails on the step a worker has just
// ended stops the round before the next decision, however the worker's last writes
// fall against the controller's look. (A CI run replayed counter-buggy one step
// further than its finding: the look read the worker's ring, the worker then wrote
// its exit and DONE, and the slot read that followed saw DONE and released another.)
import { describe, expect, it } from 'vitest';
import { LoopControl } from '../../../src/sched/loop-control.js';
import type { Scheduler } from '../../../src/sched/scheduler.js';
import { Gate, Slot } from '../../../src/shm/gate.js';

const first: Scheduler = { next: (parked) => parked[0]!, stalled: () => undefined };

describe('LoopControl with worker actors', () => {
  it('stops at the step whose end a failing check saw, when the worker ends during the look', async () => {
    const gate = Gate.create(2);
    gate.reset();
    let stopped = false;
    // The "ring": what the worker wrote and the controller has not read yet.
    let written = false;
    let looks = 0;
    const control = new LoopControl(first, [1], () => stopped, {
      gate,
      ids: [0],
      collect: () => {
        looks++;
        if (written) stopped = true; // the ledger sees the worker's failing exit
        // The worker's thread, at the worst moment: it ends its step just after this read.
        if (gate.state(0) === Slot.RUNNING && !written) {
          written = true;
          gate.set(0, Slot.DONE);
        }
      },
    });
    // Worker 0 was released and runs (as at the start of a round); task 1 is parked.
    gate.set(0, Slot.RUNNING);
    const task = control.park(1, 'between', true);
    await task; // released: by a decision, or by the stop's releaseAll
    expect(looks).toBeGreaterThan(1);
    expect(stopped).toBe(true);
    // No decision was taken after the worker's failing step.
    expect(control.trace.list().filter((e) => e.event === 'run')).toEqual([]);
  });
});
