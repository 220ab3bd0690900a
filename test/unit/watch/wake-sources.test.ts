// The wake-up sources process.getActiveResourcesInfo() cannot show are counted by the
// wrappers; each test checks a source is counted while alive and forgotten once gone.
// Counts are compared as deltas: the test runner holds sources of its own.
import { Worker } from 'node:worker_threads';
import { setTimeout as sleep } from 'node:timers/promises';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { installWakeTracking, unrefOwn, wakeSourceCounts } from '../../../src/watch/wake-sources.js';

let scenario = true;
installWakeTracking(() => scenario);

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 200 && !cond(); i++) await sleep(10);
};
const delta = (before: ReturnType<typeof wakeSourceCounts>) => {
  const now = wakeSourceCounts();
  return { workers: now.workers - before.workers, timed: now.timed - before.timed, unrefd: now.unrefd - before.unrefd };
};

describe('wake-up sources the resource list cannot show', () => {
  it('counts a worker thread the scenario started until it exits', async () => {
    const before = wakeSourceCounts();
    // worker_threads' exports were patched: read them now (an ESM binding is synced too).
    const wt = await import('node:worker_threads');
    const w = new wt.Worker('setTimeout(() => {}, 100)', { eval: true });
    expect(delta(before).workers).toBe(1);
    await new Promise((r) => w.once('exit', r));
    expect(delta(before).workers).toBe(0);
    expect(w).toBeInstanceOf(Worker);
  });

  it('counts an unref\'d timer until it fires, but not racecheck\'s own', async () => {
    const before = wakeSourceCounts();
    setTimeout(() => undefined, 30).unref();
    const own = unrefOwn(setInterval(() => undefined, 1000));
    expect(delta(before).unrefd).toBe(1);
    await sleep(60);
    expect(delta(before).unrefd).toBe(0);
    clearInterval(own);
  });

  it('counts a timed Atomics.waitAsync and an unref\'d promise timer until they settle', async () => {
    const before = wakeSourceCounts();
    const wait = (Atomics as unknown as { waitAsync: (a: Int32Array, i: number, v: number, t: number) => { value: Promise<string> } })
      .waitAsync(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30);
    const tp = await import('node:timers/promises');
    const timer = tp.setTimeout(30, null, { ref: false });
    expect(delta(before).timed).toBe(2);
    await Promise.all([wait.value, timer]);
    await sleep(0);
    expect(delta(before).timed).toBe(0);
  });

  it('counts an unref\'d promise interval until its loop ends (break) or its signal aborts', async () => {
    const before = wakeSourceCounts();
    const tp = await import('node:timers/promises');
    let ticks = 0;
    for await (const _ of tp.setInterval(5, null, { ref: false })) {
      expect(delta(before).timed).toBe(1);
      if (++ticks === 3) break;
    }
    await sleep(0);
    expect(delta(before).timed).toBe(0);
    const ac = new AbortController();
    const it = tp.setInterval(5, null, { ref: false, signal: ac.signal });
    expect(delta(before).timed).toBe(1);
    ac.abort();
    await expect(it.next()).rejects.toThrow();
    await sleep(0);
    expect(delta(before).timed).toBe(0);
    // A ref'd one is in the resource list itself: not counted here.
    const refd = tp.setInterval(5, null);
    expect(delta(before).timed).toBe(0);
    await refd.return?.(undefined);
  });

  it('counts an unref\'d server until it closes', async () => {
    const before = wakeSourceCounts();
    const srv = net.createServer().listen(0, '127.0.0.1');
    srv.unref();
    expect(delta(before).unrefd).toBe(1);
    await new Promise((r) => srv.close(r));
    await until(() => delta(before).unrefd === 0);
    expect(delta(before).unrefd).toBe(0);
  });

  it('ignores what is created while racecheck itself runs', async () => {
    const before = wakeSourceCounts();
    scenario = false;
    const wt = await import('node:worker_threads');
    const w = new wt.Worker('setTimeout(() => {}, 50)', { eval: true });
    setTimeout(() => undefined, 30).unref();
    expect(delta(before)).toEqual({ workers: 0, timed: 0, unrefd: 0 });
    scenario = true;
    await new Promise((r) => w.once('exit', r));
  });
});
