// ComputeWatch on real threads: one computes, one sleeps in Atomics.wait. The computing
// one is stamped F.BUSY, the sleeping one never is. No timing is asserted: the computing
// thread runs until it has been stamped (or a generous cap), so a loaded machine only
// makes the test slower.
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { ComputeWatch } from '../../../src/watch/compute.js';
import { A, F, Telemetry, epochNow } from '../../../src/shm/telemetry.js';

// Each thread writes its kernel thread id into the telemetry, as a pool thread does.
const THREAD = `
const { workerData } = require('node:worker_threads');
const { readlinkSync } = require('node:fs');
const { i32, slot, stop, compute } = workerData;
Atomics.store(i32, slot, Number(readlinkSync('/proc/thread-self').split('/').pop()));
if (compute) { let x = 0; while (Atomics.load(stop, 0) === 0) x = (x * 31 + 7) | 0; }
else Atomics.wait(stop, 0, 0);
`;

describe.runIf(process.platform === 'linux')('ComputeWatch', () => {
  it('stamps a worker thread that gains CPU time, and not one asleep in Atomics.wait', async () => {
    const t = Telemetry.create(2);
    const stop = new Int32Array(new SharedArrayBuffer(4));
    const tidWord = (id: number) => t.get(id, A.TID);
    const threads = [0, 1].map((id) => new Worker(THREAD, { eval: true, workerData: { i32: t.i32, slot: t.counter(id, A.TID), stop, compute: id === 0 } }));
    try {
      while (tidWord(0) === 0 || tidWord(1) === 0) await new Promise((r) => setTimeout(r, 10));
      const watch = new ComputeWatch(t, [0, 1]);
      const capAt = epochNow() + 30_000;
      while (t.getF(0, F.BUSY) === 0 && epochNow() < capAt) {
        watch.look(epochNow());
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(t.getF(0, F.BUSY)).toBeGreaterThan(0);
      expect(t.getF(1, F.BUSY)).toBe(0);
    } finally {
      Atomics.store(stop, 0, 1);
      Atomics.notify(stop, 0);
      await Promise.all(threads.map((w) => w.terminate()));
    }
  }, 60_000);

  it('stamps a thread runnable at two looks in a row that gains no CPU time (waiting for a core), not one runnable now and then', () => {
    const t = Telemetry.create(3);
    for (const id of [0, 1, 2]) t.set(id, A.TID, 100 + id);
    // Thread 100 waits for a core the whole time; 101 is asleep; 102 wakes at every other look (a poll).
    let look = 0;
    const states: Record<number, () => string> = { 100: () => 'R', 101: () => 'S', 102: () => (look % 2 === 0 ? 'R' : 'S') };
    const watch = new ComputeWatch(t, [0, 1, 2], (tid) => ({ state: states[tid]!(), cpuMs: 0 }));
    for (; look < 10; look++) watch.look(1_000 + look * 150);
    expect(t.getF(0, F.BUSY)).toBeGreaterThan(0);
    expect(t.getF(1, F.BUSY)).toBe(0);
    expect(t.getF(2, F.BUSY)).toBe(0);
  });

  it('stamps nothing for an actor with no thread id (the main thread, or no /proc)', () => {
    const t = Telemetry.create(1);
    const watch = new ComputeWatch(t, [0]);
    watch.look(1);
    watch.look(2_000);
    expect(t.getF(0, F.BUSY)).toBe(0);
  });
});
