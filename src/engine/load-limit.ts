// Loading has a time limit on worker threads too: the main thread waits for every
// worker to import the bundle, and an endless loop at module top level that only
// worker threads run (an `if (!isMainThread)` branch, a worker-only dependency)
// would make it wait until the supervisor's last-resort start-up limit (60 s).
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { ScenarioError } from '../scenario/errors.js';
import { captureWorkers } from '../watch/stacks.js';
import { locate } from '../stack/locate.js';
import { formatDuration } from '../duration.js';

/** Base limit for every worker thread to import the bundle (plus 0.5 s per thread: they share the CPUs). */
export const WORKER_LOAD_LIMIT_MS = 20_000;

/**
 * `p` within `limitMs`, or a ScenarioError naming the file, the phase and where the
 * first stuck thread is (its whole stack with --verbose). `threads()`: the worker
 * threads that may be stuck, asked only once the limit has passed.
 */
export async function withinLoadLimit<T>(p: Promise<T>, file: string, phase: string, limitMs: number, threads: () => number[] = () => []): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void stuckStack(threads()).then((stack) => {
        const at = stack ? whereStuck(stack, file) : undefined;
        const where = at ? `; a worker thread is stuck at ${at}` : '';
        reject(new ScenarioError(file, `${phase} did not finish in ${formatDuration(limitMs)} (an endless loop, or a wait that never ends, at module top level on worker threads?)${where}`, stack));
      });
    }, limitMs);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function stuckStack(threads: number[]): Promise<string | undefined> {
  if (threads.length === 0) return undefined;
  try {
    const stacks = await captureWorkers(threads, threadId, 1000);
    return [...stacks.values()].find((e) => e.stack)?.stack;
  } catch {
    return undefined;
  }
}

/** `file:line:col` of the scenario's frame, else the first of user code (stack/owner.ts). */
function whereStuck(stack: string, file: string): string | undefined {
  const at = locate(stack, file);
  if (!at) return undefined;
  return `${path.relative(process.cwd(), at.file) || at.file}:${at.line}${at.column !== undefined ? `:${at.column}` : ''}`;
}
