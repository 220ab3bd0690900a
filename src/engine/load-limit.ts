// Loading has a time limit on worker threads too: the main thread waits for every
// worker to import the bundle, and an endless loop at module top level that only
// worker threads run (an `if (!isMainThread)` branch, a worker-only dependency)
// would make it wait until the supervisor's last-resort start-up limit (60 s).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { threadId } from 'node:worker_threads';
import { ScenarioError } from '../scenario/errors.js';
import { captureWorkers } from '../watch/stacks.js';

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
        const at = stack ? firstUserFrame(stack) : undefined;
        const where = at ? `; a worker thread is stuck at ${at}` : '';
        reject(new ScenarioError(file, `${phase} did not finish in ${limitMs / 1000} s (an endless loop, or a wait that never ends, at module top level on worker threads?)${where}`, stack));
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

const OWN_DIST = fileURLToPath(new URL('..', import.meta.url));

/** `file:line:col` of the first frame outside Node's internals and racecheck's own code. */
function firstUserFrame(stack: string): string | undefined {
  for (const line of stack.split('\n')) {
    const m = /\(?((?:file:\/\/)?[^\s()]+):(\d+):(\d+)\)?\s*$/.exec(line.trim());
    if (!m || m[1]!.startsWith('node:')) continue;
    const f = m[1]!.startsWith('file://') ? fileURLToPath(m[1]!) : m[1]!;
    if (f.startsWith(OWN_DIST) || /[\\/]node_modules[\\/]/.test(f)) continue;
    return `${path.relative(process.cwd(), f) || f}:${m[2]}:${m[3]}`;
  }
  return undefined;
}
