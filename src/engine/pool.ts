// The piscina pool of a scenario's worker actors: exactly one thread per worker actor.
// A thread's start costs about as much CPU as a Node process's (V8 isolate, Node's
// bootstrap, piscina's worker, racecheck's worker modules), and the threads start
// together, so on a small machine eight of them are most of a threaded scenario's
// start-up. A run process forked ahead for the next file of a folder run
// (engine/spawn.ts) starts them while it waits for its job: warm(), on the
// supervisor's hint of the run's worker count. The scenario takes them with
// poolFor() when its worker actors are exactly that many; otherwise (a loop-only
// scenario, a scenario that fixes its own count) they are ended and a pool of the
// right size is started, as without the hint.
import type { Piscina } from 'piscina';

// A CommonJS shim that import()s worker/entry.js: see worker/load.cts.
const WORKER_ENTRY = new URL('../worker/load.cjs', import.meta.url);

/**
 * A pool of exactly `workers` threads, booting at once (piscina creates minThreads
 * eagerly). piscina is imported here, on first use: a loop-only scenario never pays for it.
 */
export async function createPool(workers: number): Promise<Piscina> {
  const { Piscina } = await import('piscina');
  return new Piscina({
    filename: WORKER_ENTRY.href,
    minThreads: workers,
    maxThreads: workers,
    concurrentTasksPerWorker: 1,
    // Nine V8 heaps share the process; left alone, V8 grows each worker's young
    // generation after a while (+20 MB per thread, seen as a +45 MB RSS step
    // near 60 s). Capped, peak RSS stays flat with no loss of ops/s (BENCHMARKS.md).
    resourceLimits: { maxYoungGenerationSizeMb: 8 },
    // The pool lives as long as its scenario (one session task per actor); an
    // idle-reaping timer would only be one more unref'd handle (watch/wake-sources.ts).
    idleTimeout: Infinity,
  });
}

let warmPool: { workers: number; pool: Promise<Piscina> } | undefined;

/** Start `workers` threads now, for a scenario not known yet (a spare run process's wait). */
export function warm(workers: number): Promise<Piscina> | undefined {
  if (warmPool || !(Number.isInteger(workers) && workers > 0)) return undefined;
  const pool = createPool(workers);
  pool.catch(() => undefined); // a pool that cannot start is simply not used: poolFor() starts its own
  warmPool = { workers, pool };
  return pool;
}

/** The warm pool if it has exactly `workers` threads, else a new pool of that size. */
export async function poolFor(workers: number): Promise<Piscina> {
  const w = warmPool;
  warmPool = undefined;
  if (w && w.workers === workers) {
    try {
      return await w.pool;
    } catch {
      return createPool(workers);
    }
  }
  if (w) await endPool(w.pool);
  return createPool(workers);
}

/** End the warm pool's threads, unused (the scenario has no worker actors, or the file no scenario to run). */
export async function dropWarm(): Promise<void> {
  const w = warmPool;
  warmPool = undefined;
  if (w) await endPool(w.pool);
}

// Idle threads end at once (terminate()); a thread still booting ends when it can.
const endPool = (pool: Promise<Piscina>) => pool.then((p) => p.destroy(), () => undefined).catch(() => undefined);
