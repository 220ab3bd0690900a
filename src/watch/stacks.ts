// JS stacks of other threads, taken from the watchdog thread through the inspector:
// the main thread with Session.connectToMainThread() + Debugger.pause (V8 services the
// pause from an interrupt, so it works while the thread is in a busy loop or in
// Atomics.wait), workers through the NodeWorker domain of that same session. On a
// paused frame we evaluate `new Error().stack`, so the thread's own source-map support
// turns bundle positions into the scenario's .ts lines. A thread inside a native call
// never pauses: after the timeout we queue Debugger.disable, which cancels the pending
// pause (a pause left queued would freeze the thread when the call returns).
import { Session } from 'node:inspector';
import { isMainThread } from 'node:worker_threads';
import type { StackEvidence } from './findings.js';

/** Symbol.for key of the main thread's task-site dump (see sites.ts). */
export const SITES_KEY = 'racecheck.sites';

// Evaluated on the paused frame, whatever its scope: Node's internal modules (where an
// idle main thread pauses, in its timers) have no `Symbol` or `globalThis` binding.
const STACK_EXPR = `(() => {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 40;
  try { return new Error('racecheck').stack; } finally { Error.stackTraceLimit = limit; }
})()`;

// Evaluated in the global scope of the main thread (see sites.ts).
const SITES_EXPR = `(() => {
  const dump = globalThis[Symbol.for(${JSON.stringify(SITES_KEY)})];
  return JSON.stringify(typeof dump === 'function' ? dump() : {});
})()`;

/** Drops the message line and the frames of the evaluation itself. */
export function cleanEvalStack(stack: string): string {
  const lines = stack.split('\n').slice(1);
  let i = 0;
  while (i < lines.length && /\(eval at |at eval \(|<anonymous>:\d+:\d+\)?$/.test(lines[i]!)) i++;
  return lines.slice(i).join('\n');
}

type Post = (method: string, params?: object) => Promise<any>;

function connect(): { session: Session; post: Post } {
  const session = new Session();
  // From the watchdog: the main thread's inspector (its NodeWorker domain reaches every
  // worker). From the main thread itself (a load time limit): its own.
  if (isMainThread) session.connect();
  else session.connectToMainThread();
  const post: Post = (method, params) =>
    new Promise((resolve, reject) => session.post(method, params ?? {}, (e, r) => (e ? reject(e) : resolve(r))));
  return { session, post };
}

function within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), ms)))]).finally(() => clearTimeout(timer));
}

export interface MainCapture extends StackEvidence {
  /** Last recorded wait site of each loop task, by actor id. */
  sites: Record<string, string>;
}

/** The main thread's current stack (and the task sites it recorded). */
export async function captureMain(timeoutMs: number): Promise<MainCapture> {
  const { session, post } = connect();
  const paused = new Promise<{ callFrames: { callFrameId: string }[] }>((r) => session.once('Debugger.paused', (e) => r(e.params as never)));
  try {
    const enabled = await within(post('Debugger.enable').then(() => true), timeoutMs);
    if (!enabled) return { note: 'no JS stack: the main thread did not answer the inspector (blocked in a native call?)', sites: {} };
    await post('Debugger.pause');
    const p = await within(paused, timeoutMs);
    if (!p) return { note: 'no JS stack: the main thread did not pause (blocked in a native call?)', sites: {} };
    try {
      const st = await post('Debugger.evaluateOnCallFrame', { callFrameId: p.callFrames[0]!.callFrameId, expression: STACK_EXPR, returnByValue: true });
      const si = await post('Runtime.evaluate', { expression: SITES_EXPR, returnByValue: true });
      const stack = typeof st?.result?.value === 'string' ? cleanEvalStack(st.result.value as string) : undefined;
      let sites: Record<string, string> = {};
      try {
        sites = JSON.parse(String(si?.result?.value ?? '{}')) as Record<string, string>;
      } catch {
        sites = {};
      }
      return { ...(stack ? { stack } : { note: 'no JS stack: the paused frame could not be evaluated' }), sites };
    } finally {
      await post('Debugger.resume').catch(() => undefined);
    }
  } catch (e) {
    return { note: `no JS stack: ${(e as Error).message}`, sites: {} };
  } finally {
    session.post('Debugger.disable', {}, () => undefined);
    session.disconnect();
  }
}

interface WorkerTarget {
  thread: number;
  done: boolean;
  result: StackEvidence;
}

/** Stacks of worker threads by threadId; `self` (the watchdog) is never paused. */
export async function captureWorkers(threads: readonly number[], self: number, timeoutMs: number): Promise<Map<number, StackEvidence>> {
  const out = new Map<number, StackEvidence>();
  const wanted = new Set(threads.filter((t) => t > 0 && t !== self));
  if (wanted.size === 0) return out;
  const { session, post } = connect();
  const targets = new Map<string, WorkerTarget>();
  let settle: () => void = () => undefined;
  const allDone = new Promise<void>((r) => (settle = r));
  const send = (sessionId: string, id: number, method: string, params: object = {}) =>
    session.post('NodeWorker.sendMessageToWorker', { sessionId, message: JSON.stringify({ id, method, params }) }, () => undefined);
  const finish = (sessionId: string, t: WorkerTarget, result: StackEvidence) => {
    if (t.done) return;
    t.done = true;
    t.result = result;
    send(sessionId, 4, 'Debugger.resume');
    send(sessionId, 5, 'Debugger.disable');
    if ([...targets.values()].every((x) => x.done)) settle();
  };
  session.on('NodeWorker.attachedToWorker', (ev) => {
    const { sessionId, workerInfo } = ev.params as { sessionId: string; workerInfo: { title: string } };
    const m = /\[worker (\d+)\]/.exec(workerInfo.title);
    const thread = m ? Number(m[1]) : -1;
    if (wanted.has(thread)) targets.set(sessionId, { thread, done: false, result: {} });
  });
  session.on('NodeWorker.receivedMessageFromWorker', (ev) => {
    const { sessionId, message } = ev.params as { sessionId: string; message: string };
    const t = targets.get(sessionId);
    if (!t || t.done) return;
    const msg = JSON.parse(message) as { id?: number; method?: string; params?: any; result?: any; error?: { message: string } };
    if (msg.method === 'Debugger.paused') {
      const frame = msg.params?.callFrames?.[0]?.callFrameId;
      if (frame) send(sessionId, 3, 'Debugger.evaluateOnCallFrame', { callFrameId: frame, expression: STACK_EXPR, returnByValue: true });
      else finish(sessionId, t, { note: 'no JS stack: paused outside JS' });
    } else if (msg.id === 3) {
      const value: unknown = msg.result?.result?.value;
      const stack = typeof value === 'string' ? value : undefined;
      finish(sessionId, t, stack ? { stack: cleanEvalStack(stack) } : { note: `no JS stack: ${msg.error?.message ?? 'evaluation failed'}` });
    }
  });
  try {
    await within(post('NodeWorker.enable', { waitForDebuggerOnStart: false }), timeoutMs);
    for (const [sessionId] of targets) {
      send(sessionId, 1, 'Debugger.enable');
      send(sessionId, 2, 'Debugger.pause');
    }
    if (targets.size > 0) await within(allDone, timeoutMs);
    for (const [sessionId, t] of targets) {
      finish(sessionId, t, { note: `no JS stack: the thread did not pause within ${timeoutMs} ms (blocked in a native call, e.g. a synchronous child process or file operation)` });
      out.set(t.thread, t.result);
    }
    // Let the queued resume/disable messages reach the workers before detaching.
    await new Promise((r) => setTimeout(r, 20));
  } finally {
    session.post('NodeWorker.disable', {}, () => undefined);
    session.disconnect();
  }
  return out;
}
