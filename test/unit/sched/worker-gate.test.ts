// A worker actor's untimed Atomics.wait is a sleep the main thread can see (shm/gate.ts
// SLEEP, read by engine/deadlock-judge.ts): marked only for a wait with no timeout, and
// only while no thread this one started could notify it.
import { afterEach, describe, expect, it } from 'vitest';
import { Gate } from '../../../src/shm/gate.js';
import { WorkerGate } from '../../../src/sched/worker-gate.js';
import { installWaitHooks } from '../../../src/sched/wait-hooks.js';

describe('WorkerGate: the SLEEP word', () => {
  const undo: (() => void)[] = [];
  afterEach(() => {
    for (const u of undo.splice(0)) u();
  });

  function gated(ownThreads = false): { gate: Gate; cell: Int32Array } {
    installWaitHooks();
    const gate = Gate.create(1);
    gate.open([0]); // control off: the hooks still mark sleeps, nothing parks
    const wg = new WorkerGate(gate, 0, () => false, () => ownThreads);
    undo.push(wg.watchWaits());
    return { gate, cell: new Int32Array(new SharedArrayBuffer(4)) };
  }

  it('is bumped into and out of an untimed wait (odd while asleep), and not for a timed one', () => {
    const { gate, cell } = gated();
    expect(Atomics.wait(cell, 0, 1)).toBe('not-equal'); // untimed; returns at once, so asleep and awake again
    expect(gate.sleepWord(0)).toBe(2);
    expect(Atomics.wait(cell, 0, 1, Infinity)).toBe('not-equal');
    expect(gate.sleepWord(0)).toBe(4);
    expect(Atomics.wait(cell, 0, 0, 5)).toBe('timed-out'); // a timeout ends it: no sleep
    expect(gate.sleepWord(0)).toBe(4);
  });

  it('stays even while a thread of this one\'s own could notify it', () => {
    const { gate, cell } = gated(true);
    expect(Atomics.wait(cell, 0, 1)).toBe('not-equal');
    expect(gate.sleepWord(0)).toBe(0);
  });
});
