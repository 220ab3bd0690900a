// /proc thread states through kept descriptors (src/thread-state.ts): each read is the
// thread's state now, not the one the descriptor first saw, and a thread that ended reads
// as unknown (its tid may be another thread's later).
import { describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { ownTid, readThreadStat, threadState } from '../../src/thread-state.js';

const linux = existsSync('/proc/thread-self');

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !cond(); i++) await pause(5);
  expect(cond()).toBe(true);
}

describe.runIf(linux)('thread states from /proc', () => {
  it('this thread runs, and its CPU time only grows', () => {
    expect(threadState(ownTid())).toBe('R');
    const a = readThreadStat(ownTid())!.cpuMs;
    const t = Date.now();
    while (Date.now() - t < 30);
    expect(readThreadStat(ownTid())!.cpuMs).toBeGreaterThanOrEqual(a);
  });

  it('follows another thread from asleep to running and back, then unknown once it ended', async () => {
    // [go, tid]: the worker sleeps on go, spins while it is 1, sleeps again at 0.
    const cells = new Int32Array(new SharedArrayBuffer(8));
    const w = new Worker(
      `const { workerData: c } = require('node:worker_threads');
       Atomics.store(c, 1, Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop()));
       for (;;) { Atomics.wait(c, 0, 0); while (Atomics.load(c, 0) === 1); }`,
      { eval: true, workerData: cells },
    );
    await until(() => Atomics.load(cells, 1) !== 0);
    const tid = Atomics.load(cells, 1);
    for (let i = 0; i < 3; i++) {
      await until(() => threadState(tid) === 'S');
      Atomics.store(cells, 0, 1);
      Atomics.notify(cells, 0);
      await until(() => threadState(tid) === 'R');
      Atomics.store(cells, 0, 0);
    }
    await w.terminate();
    await until(() => threadState(tid) === undefined);
  });
});
