// Seeded yields: the one place that decides how long an actor steps aside.
// Uniform yields run actors in lockstep and explore nothing, so each call draws
// a kind and a length from the actor's own PRNG stream.
//
// Loop tasks (main thread):  30% one microtask hop, 30% 2..8 microtask hops,
//   40% 1..turns setImmediate turns (a "virtual timer": a delay measured in
//   event-loop turns, not milliseconds, so replays of loop-only rounds are exact).
// Workers: 25% no delay, 45% busy spin of 1..maxUs µs (keeps the core, widens
//   the window between a read and its write-back), 30% Atomics.wait sleep of
//   1..maxUs µs (gives the core to another thread).
import { performance } from 'node:perf_hooks';
import type { Prng } from './prng.js';

export interface YieldOptions {
  /** Longest worker spin/sleep in microseconds. */
  maxUs: number;
  /** Most setImmediate turns of a loop yield. */
  turns: number;
}

/** The defaults of --yield-max and --yield-turns (src/options.ts reads them from here). */
export const DEFAULT_YIELD: YieldOptions = { maxUs: 100, turns: 4 };

/** One ctx.yield; the label matters only to a controlled round (stall detection, trace). */
export type YieldFn = (label?: string) => Promise<void>;

const resolved = Promise.resolve();

async function microHops(k: number): Promise<void> {
  for (let i = 0; i < k; i++) await null;
}

function loopTurns(n: number): Promise<void> {
  return new Promise((resolve) => {
    const step = () => (--n > 0 ? setImmediate(step) : resolve());
    setImmediate(step);
  });
}

export function loopYield(prng: Prng, opts: YieldOptions): YieldFn {
  return () => {
    const r = prng.next();
    if (r < 0.3) return resolved;
    if (r < 0.6) return microHops(prng.int(2, 8));
    return loopTurns(prng.int(1, Math.max(1, opts.turns)));
  };
}

export function spinUs(us: number): void {
  const end = performance.now() + us / 1000;
  while (performance.now() < end) {
    // busy: the point is to hold the core with the race window open
  }
}

/**
 * What a worker's sleep waits on: nobody ever notifies it, so one cell per thread
 * serves every actor and round (a SharedArrayBuffer per round was an allocation V8
 * accounts as external memory, on every worker, every round).
 */
let sleepCell: Int32Array | undefined;

export function workerYield(prng: Prng, opts: YieldOptions): YieldFn {
  const cell = (sleepCell ??= new Int32Array(new SharedArrayBuffer(4)));
  return () => {
    const r = prng.next();
    if (r >= 0.25) {
      const us = prng.int(1, Math.max(1, opts.maxUs));
      if (r < 0.7) spinUs(us);
      else Atomics.wait(cell, 0, 0, us / 1000);
    }
    return resolved;
  };
}
