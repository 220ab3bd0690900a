// Loading has a time limit on worker threads too: the main thread waits for every
// worker to import the bundle, and an endless loop at module top level that only
// worker threads run (an `if (!isMainThread)` branch, a worker-only dependency)
// would make it wait until the supervisor's last-resort start-up limit (60 s).
import { ScenarioError } from '../scenario/errors.js';

/** Base limit for every worker thread to import the bundle (plus 0.5 s per thread: they share the CPUs). */
export const WORKER_LOAD_LIMIT_MS = 20_000;

export async function withinLoadLimit<T>(p: Promise<T>, file: string, phase: string, limitMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ScenarioError(file, `${phase} did not finish in ${limitMs / 1000} s (an endless loop, or a wait that never ends, at module top level on worker threads?)`)), limitMs);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}
