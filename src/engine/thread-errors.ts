// Errors a worker actor's op leaves behind: a timer callback that throws, a rejection
// nobody handles, on the worker thread after the op (or the whole task) returned.
// Without a handler they would kill the thread, or never run at all while the thread
// sleeps between tasks. Each pool thread keeps them here: one raised while a task runs
// goes into that actor's outcome; one raised between rounds (the thread's event loop
// turns then: the actor's session waits for its next round on a port, engine/crew.ts)
// is posted to the main thread, naming the scenario, round and actor of this thread.
import { BroadcastChannel } from 'node:worker_threads';
import type { RawFinding } from './protocol.js';

const CHANNEL = 'racecheck:thread-errors';

/** Worker -> main: an error raised on a worker thread between tasks. */
export interface ThreadError {
  scenarioIndex: number;
  bundle: string;
  actor: number;
  round: number;
  roundSeed: number;
  message: string;
  stack?: string;
}

interface Running {
  scenarioIndex: number;
  bundle: string;
  actor: number;
  round: number;
  roundSeed: number;
  inTask: boolean;
  onError: () => void;
}

let last: Running | undefined;
let caught: RawFinding[] = [];
let channel: BroadcastChannel | undefined;

function describe(e: unknown, how: string): { message: string; stack?: string } {
  const err = e instanceof Error ? e : new Error(`non-Error ${how === 'rejection' ? 'rejection' : 'thrown'}: ${String(e)}`);
  return { message: `${how === 'rejection' ? 'unhandled rejection' : 'uncaught exception'} on the worker thread: ${err.name}: ${err.message}`, ...(err.stack ? { stack: err.stack } : {}) };
}

function onError(e: unknown, how: 'exception' | 'rejection'): void {
  const d = describe(e, how);
  const at = last;
  if (!at) return; // before any task: the pool's own start-up; piscina reports those
  if (at.inTask) {
    caught.push({ kind: 'error', check: 'uncaught', message: d.message, actor: at.actor, op: -1, ...(d.stack ? { stack: d.stack } : {}) });
    at.onError();
    return;
  }
  if (!channel) {
    channel = new BroadcastChannel(CHANNEL);
    channel.unref();
  }
  const msg: ThreadError = { scenarioIndex: at.scenarioIndex, bundle: at.bundle, actor: at.actor, round: at.round, roundSeed: at.roundSeed, ...d };
  channel.postMessage(msg);
}

let installed = false;
/** On a pool thread, once: keep its uncaught errors instead of dying of them. */
export function installThreadErrors(): void {
  if (installed) return;
  installed = true;
  // No 'unhandledRejection' listener: Node then raises an unhandled rejection as an
  // uncaught exception (origin 'unhandledRejection'), and with such a listener on a
  // worker thread the inspector could no longer pause it for a stack (measured: the
  // watchdog's Debugger.pause timed out on every worker).
  process.on('uncaughtException', (e, origin) => onError(e, origin === 'unhandledRejection' ? 'rejection' : 'exception'));
}

/** A task starts on this thread; `onError` is called when an error is kept during it (stop the round). */
export function taskStarted(t: Omit<Running, 'inTask'>): void {
  last = { ...t, inTask: true };
  caught = [];
}

/**
 * The task's ops are done: turn the thread's event loop once (immediates and timers
 * already due run now), then take what was raised during the task.
 */
export async function taskEnded(): Promise<RawFinding[]> {
  await new Promise<void>((r) => setImmediate(r));
  if (last) last.inTask = false;
  const out = caught;
  caught = [];
  return out;
}

/** Main thread: receive errors raised on pool threads between tasks. Returns a function that stops listening. */
export function listenThreadErrors(fn: (e: ThreadError) => void): () => void {
  const ch = new BroadcastChannel(CHANNEL);
  ch.onmessage = (m) => fn((m as { data: ThreadError }).data);
  ch.unref();
  return () => ch.close();
}
