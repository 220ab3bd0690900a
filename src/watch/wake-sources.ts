// What can still wake a pending loop task, beyond what process.getActiveResourcesInfo()
// shows. That list only holds ref'd handles and requests: a worker thread the scenario
// started (even a ref'd one, while it boots or waits), an unref'd timer, socket, server,
// port or child process, a timed Atomics.waitAsync, an AbortSignal.timeout() or a
// `timers/promises` timer with { ref: false } never appear in it, yet each can resolve
// the promise a task awaits (the run process is kept alive by its IPC channel, so unref'd
// handles still fire). The loop-only deadlock check must not call such a task unwakeable.
//
// async_hooks would see every resource, but an init hook turns on V8's promise hooks
// for every promise: 16x slower on an await-heavy loop here (300k awaits: 30 ms -> 480
// ms). So the few constructors and unref() methods that hide a wake-up source are
// wrapped instead, once per run process, before the scenario is imported: a counter or
// a Set entry per source, nothing on the ordinary await path. Sources created while
// racecheck itself runs (its pool, its timers: see unrefOwn) are not the scenario's.
import { plural } from '../plural.js';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { builtinLoaded, loadedSince } from '../builtins-loaded.js';
import { keepNativeWaitAsync } from '../shm/native-wait.js';

const require = createRequire(import.meta.url);

type Closable = { once(event: string, fn: () => void): unknown };

interface Tracker {
  /** Whether what is created now is this tracker's. */
  applies: () => boolean;
  /** Worker threads the scenario started that have not exited. */
  workers: number;
  /** Timed waits (Atomics.waitAsync with a timeout, AbortSignal.timeout, unref'd promise timers) not yet settled. */
  timed: number;
  /** unref'd handles (timers, sockets, servers, child processes, ports) still open. */
  unrefd: Set<object>;
}

let scenarioRuns: () => boolean = () => false;
const state: Tracker = { applies: () => scenarioRuns(), workers: 0, timed: 0, unrefd: new Set() };
/**
 * The same sources for the settle window (engine/settle.ts), whatever the phase: a
 * scenario's late callback runs while racecheck is between rounds (phase ENGINE) and
 * may start a source there too. Only what racecheck creates inside ownSources() is left out.
 */
let ownDepth = 0;
const late: Tracker = { applies: () => ownDepth === 0, workers: 0, timed: 0, unrefd: new Set() };
const trackers = [state, late];
let installed = false;
const PRUNE_AT = 1024;
/** Shrink re-runs under way (engine/shrink.ts): they run the scenario's code in phase ENGINE. */
let rerunning = 0;
let originalTimeoutUnref: ((this: NodeJS.Timeout) => NodeJS.Timeout) | undefined;

/** racecheck's own unref'd timers during a round: not a wake-up source of the scenario's. */
export function unrefOwn<T extends NodeJS.Timeout>(t: T): T {
  if (originalTimeoutUnref) originalTimeoutUnref.call(t);
  else t.unref();
  return t;
}

/** The counts behind hiddenWakeSources() (for tests: deltas, whatever else the process holds). */
export function wakeSourceCounts(): { workers: number; timed: number; unrefd: number } {
  hiddenWakeSources();
  return { workers: state.workers, timed: state.timed, unrefd: state.unrefd.size };
}

function sourcesOf(t: Tracker): string[] {
  const out: string[] = [];
  if (t.workers > 0) out.push(plural(t.workers, 'worker thread'));
  if (t.timed > 0) out.push(plural(t.timed, 'timed wait'));
  for (const h of t.unrefd) {
    if ((h as { _destroyed?: boolean })._destroyed === true) t.unrefd.delete(h); // a fired or cleared timer
  }
  if (t.unrefd.size > 0) out.push(plural(t.unrefd.size, "unref'd handle"));
  return out;
}

/** Wake-up sources the scenario holds that getActiveResourcesInfo() cannot show. */
export const hiddenWakeSources = (): string[] => sourcesOf(state);

/**
 * The same, for the settle window: every such source created since installWakeTracking()
 * on this thread, in any phase, except racecheck's own (ownSources()).
 */
export const lateWakeSources = (): string[] => {
  const out = sourcesOf(late);
  for (const m of loadedSince(unwatched)) out.push(`node:${m}, loaded after the wrappers were installed (not watched)`);
  return out;
};

/**
 * Whether a thread the scenario started from this one (since the wrappers were installed,
 * outside ownSources()) may still be running, or one could have been started unseen (a
 * module left unwatched was loaded): such a thread can notify a wait of this thread's.
 */
export const ownThreadsMayNotify = (): boolean => late.workers > 0 || loadedSince(unwatched).length > 0;

/** Modules a lazy install left unwrapped because nobody had loaded them (builtins-loaded.ts). */
const unwatched: string[] = [];

/** Runs `fn` (racecheck's own start of threads, ports, timers): nothing it creates is a late source. */
export function ownSources<T>(fn: () => T): T {
  ownDepth++;
  try {
    return fn();
  } finally {
    ownDepth--;
  }
}

/** Whether code running now counts for lateWakeSources() (not inside ownSources()). */
export const notOwn = (): boolean => ownDepth === 0;

function countTimed<T>(p: Promise<T>): Promise<T> {
  const counted = trackers.filter((t) => t.applies());
  if (counted.length === 0) return p;
  for (const t of counted) t.timed++;
  const done = () => {
    for (const t of counted) t.timed--;
  };
  p.then(done, done);
  return p;
}

/**
 * A shrink re-run (engine/shrink.ts) runs the scenario's rounds without the watchdog,
 * while the phase says ENGINE: what it creates is the scenario's all the same (its
 * loop-only deadlock verdicts count on it). Returns the undo.
 */
export function trackAsScenario(): () => void {
  rerunning++;
  let undone = false;
  return () => {
    if (!undone) rerunning--;
    undone = true;
  };
}

/**
 * Installs the wrappers (once per process). `scenarioRuns` tells whether the code now
 * running is the scenario's (its import, setup, a round, its checks) rather than
 * racecheck's own work between rounds.
 */
export function installWakeTracking(isScenario: () => boolean, opts: { lazy?: boolean } = {}): void {
  scenarioRuns = () => rerunning > 0 || isScenario();
  if (installed) return;
  installed = true;
  const wt = require('node:worker_threads') as typeof import('node:worker_threads');
  const OrigWorker = wt.Worker;
  class TrackedWorker extends OrigWorker {
    constructor(...args: ConstructorParameters<typeof OrigWorker>) {
      super(...args);
      const counted = trackers.filter((t) => t.applies());
      if (counted.length === 0) return;
      for (const t of counted) t.workers++;
      this.once('exit', () => {
        for (const t of counted) t.workers--;
      });
    }
  }
  Object.defineProperty(TrackedWorker, 'name', { value: 'Worker' });
  wt.Worker = TrackedWorker;

  // Ports: only those of channels the scenario made (piscina's own are unref'd all the time).
  const ours = new WeakMap<object, Tracker[]>();
  const OrigChannel = wt.MessageChannel;
  class TrackedChannel extends OrigChannel {
    constructor() {
      super();
      const counted = trackers.filter((t) => t.applies());
      if (counted.length > 0) {
        ours.set(this.port1, counted);
        ours.set(this.port2, counted);
      }
    }
  }
  Object.defineProperty(TrackedChannel, 'name', { value: 'MessageChannel' });
  wt.MessageChannel = TrackedChannel;
  trackUnref(wt.MessagePort.prototype, 'close', (h, t) => ours.get(h)?.includes(t) ?? false);

  const probe = setTimeout(() => undefined, 0);
  const timeoutProto = Object.getPrototypeOf(probe) as { unref: (this: NodeJS.Timeout) => NodeJS.Timeout };
  clearTimeout(probe);
  originalTimeoutUnref = timeoutProto.unref;
  trackUnref(timeoutProto, undefined);

  // Lazy (a pool thread: only lateWakeSources() is read there): a module nobody loaded
  // yet is not loaded to be wrapped; lateWakeSources() names it if it is loaded later.
  const wanted = (m: string) => {
    if (!opts.lazy || builtinLoaded(m)) return true;
    unwatched.push(m);
    return false;
  };
  if (wanted('net')) {
    const net = require('node:net') as typeof import('node:net');
    trackUnref(net.Socket.prototype, 'close');
    trackUnref(net.Server.prototype, 'close');
  }
  if (wanted('dgram')) trackUnref((require('node:dgram') as typeof import('node:dgram')).Socket.prototype, 'close');
  if (wanted('child_process')) trackUnref((require('node:child_process') as typeof import('node:child_process')).ChildProcess.prototype, 'exit');

  // Timed waits that hold no ref'd handle.
  const atomics = Atomics as unknown as { waitAsync?: (a: Int32Array, i: number, v: number, t?: number) => { async: boolean; value: unknown } };
  const waitAsync = atomics.waitAsync;
  if (waitAsync) {
    keepNativeWaitAsync();
    atomics.waitAsync = function (a, i, v, t) {
      const r = waitAsync.call(Atomics, a, i, v, t);
      if (r.async && t !== undefined && Number.isFinite(Number(t))) countTimed(r.value as Promise<unknown>);
      return r;
    };
  }
  const abortTimeout = AbortSignal.timeout.bind(AbortSignal);
  AbortSignal.timeout = (ms: number) => {
    const s = abortTimeout(ms);
    if (trackers.some((t) => t.applies())) countTimed(new Promise<void>((resolve) => s.addEventListener('abort', () => resolve(), { once: true })));
    return s;
  };
  const tp = (wanted('timers/promises') ? require('node:timers/promises') : {}) as Record<string, unknown>;
  for (const name of ['setTimeout', 'setImmediate'] as const) {
    if (!tp[name]) continue;
    const orig = tp[name] as (d: unknown, v: unknown, o?: { ref?: boolean }) => Promise<unknown>;
    tp[name] = function (this: unknown, d: unknown, v: unknown, o?: { ref?: boolean }) {
      const p = orig.call(this, d, v, o);
      return o?.ref === false ? countTimed(p) : p;
    };
  }
  // An unref'd interval iterator ticks (and can wake the task iterating it) until it
  // is returned from or its signal aborts; one nobody ends counts for the whole run.
  if (typeof tp.setInterval === 'function') {
    type Iter = AsyncIterator<unknown> & { return?: (v?: unknown) => Promise<IteratorResult<unknown>> };
    const orig = tp.setInterval as (d: unknown, v: unknown, o?: { ref?: boolean; signal?: AbortSignal }) => Iter;
    tp.setInterval = function (this: unknown, d: unknown, v: unknown, o?: { ref?: boolean; signal?: AbortSignal }) {
      const it = orig.call(this, d, v, o);
      if (o?.ref !== false) return it;
      let end = () => undefined as void;
      void countTimed(new Promise<void>((resolve) => (end = resolve)));
      o.signal?.addEventListener('abort', () => end(), { once: true });
      const ret = it.return;
      if (typeof ret === 'function') {
        it.return = function (this: Iter, value?: unknown) {
          end();
          return ret.call(this, value);
        };
      }
      return it;
    };
  }
  syncBuiltinESMExports();
}

/**
 * Wraps `proto.unref` (and `ref`): a handle the scenario unrefs is a hidden source until
 * it is ref'd again (then getActiveResourcesInfo shows it) or `closeEvent` fires.
 */
function trackUnref(proto: object, closeEvent: string | undefined, mine: (h: object, t: Tracker) => boolean = () => true): void {
  const p = proto as { unref?: (...a: unknown[]) => unknown; ref?: (...a: unknown[]) => unknown };
  const unref = p.unref;
  const ref = p.ref;
  if (typeof unref !== 'function' || typeof ref !== 'function') return;
  p.unref = function (this: object, ...a: unknown[]) {
    for (const t of trackers) {
      if (!t.applies() || !mine(this, t) || t.unrefd.has(this)) continue;
      if (t.unrefd.size >= PRUNE_AT) sourcesOf(t); // drops fired timers: bounded memory
      t.unrefd.add(this);
      if (closeEvent) (this as Closable).once(closeEvent, () => t.unrefd.delete(this));
    }
    return unref.apply(this, a);
  };
  p.ref = function (this: object, ...a: unknown[]) {
    for (const t of trackers) t.unrefd.delete(this);
    return ref.apply(this, a);
  };
}
