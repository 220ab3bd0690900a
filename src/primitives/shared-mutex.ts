// A lock in a SharedArrayBuffer, usable from worker threads (lockSync) and from async
// tasks on the main loop (lock, via Atomics.waitAsync), and in user code outside racecheck.
// Everything it needs lives in own enumerable fields, so a structured clone of it (what a
// worker receives) is a plain object over the same memory that `SharedMutex.from` revives.
// Owner and waiters are written into the buffer with Atomics so that racecheck's deadlock
// detector can read them from another thread while the lock's users are stuck.
import { threadId } from 'node:worker_threads';

/** Word indexes in `state`. */
export const MUTEX_LAYOUT = {
  /** Futex word: 0 free, 1 locked, 2 locked and someone may be waiting. */
  STATE: 0,
  /** Owner encoded by `encodeOwner`; 0 = none. */
  OWNER: 1,
  /** Positive id, fixed at construction (see `nextMutexId`), so reports can tell same-named locks apart. */
  ID: 2,
  WAITER_COUNT: 3,
  /** First of WAITER_WORDS words: bit (id & 31) of word (id >> 5) is set while actor id waits. */
  WAITERS: 4,
  WAITER_WORDS: 8,
  WORDS: 12,
} as const;
const L = MUTEX_LAYOUT;
const MAX_WAITER_BIT = L.WAITER_WORDS * 32;

// racecheck's engine listens to contended waits (per-actor lock-wait statistics for
// starvation reports, and where a loop task waits, for deadlock reports). Kept on
// globalThis for the same two-copies reason as the default owner. No hooks: no cost.
const HOOKS = Symbol.for('racecheck.SharedMutex.hooks');

export interface MutexHooks {
  /** A lock call found the mutex taken and starts waiting. */
  waitStart?(owner: number, mutex: SharedMutex): void;
  /** ... and got it (or gave up by throwing) after `waitedMs`. */
  waitEnd?(owner: number, waitedMs: number, mutex: SharedMutex): void;
  /** tryLock() found the mutex taken (a retry, for livelock reports). */
  tryFailed?(owner: number, mutex: SharedMutex): void;
}
type HookSlot = { [HOOKS]?: MutexHooks };

/** Installs racecheck's listeners for this thread (undefined removes them). */
export function setMutexHooks(h: MutexHooks | undefined): void {
  (globalThis as HookSlot)[HOOKS] = h;
}
const hooks = (): MutexHooks | undefined => (globalThis as HookSlot)[HOOKS];

// Mutex ids are creation numbers, not random: the default name (`mutex-<id>`) is
// report text, and a replay must print the same report. racecheck installs a
// counter word in its telemetry (shared by every thread of a run, reset when a
// round's state is set up afresh), so the locks a round's setup() makes are
// numbered 1, 2, ... in creation order, and ids stay unique across threads. Locks
// made outside a round (a module's top level, code outside racecheck) number from
// OUTSIDE_BASE + 1 on a per-thread counter, so they never collide with a round's.
// Both are on globalThis for the same two-copies reason as the default owner.
const IDS = Symbol.for('racecheck.SharedMutex.ids');
const OUTSIDE = Symbol.for('racecheck.SharedMutex.outsideIds');
const OUTSIDE_BASE = 2 ** 30;
type IdSlot = { [IDS]?: { words: Int32Array; index: number }; [OUTSIDE]?: number };

/** racecheck's engine: number this thread's new mutexes from `words[index]` (undefined: per-thread numbering). */
export function setMutexIdCounter(words: Int32Array | undefined, index = 0): void {
  (globalThis as IdSlot)[IDS] = words && { words, index };
}

/** The next mutex id: 1 .. 2^30 from racecheck's round counter, 2^30+1 .. 2^31-1 outside a round. */
function nextMutexId(): number {
  const g = globalThis as IdSlot;
  const c = g[IDS];
  // Past 2^30 locks in one round (or 2^30-1 outside), numbering wraps: still positive.
  if (c) return ((Atomics.add(c.words, c.index, 1) >>> 0) % OUTSIDE_BASE) + 1;
  const n = g[OUTSIDE] = ((g[OUTSIDE] ?? 0) % (OUTSIDE_BASE - 1)) + 1;
  return OUTSIDE_BASE + n;
}

/** A racecheck ctx, or an actor id. */
export type OwnerLike = { actor: { id: number; name: string } } | number;

/** What a structured clone of a SharedMutex looks like. */
export interface SharedMutexLike {
  __racecheck: 'SharedMutex';
  name: string;
  state: Int32Array;
}

export interface MutexState {
  id: number;
  locked: boolean;
  owner: number | undefined;
  /** Waiting actor ids below 256, ascending. */
  waiters: number[];
  /** All waiters, including actors >= 256 and ownerless threads, which have no bit. */
  waiterCount: number;
}

// The tsconfig lib is ES2023, but Node 20's V8 ships Atomics.waitAsync (ES2024).
type WaitAsyncResult =
  | { async: false; value: 'not-equal' | 'timed-out' }
  | { async: true; value: Promise<'ok' | 'timed-out'> };
const atomics = Atomics as typeof Atomics & {
  waitAsync(array: Int32Array, index: number, value: number): WaitAsyncResult;
};

// Kept on globalThis: racecheck's worker entry and a user's scenario may load two copies of
// this module (a global CLI and a local dependency), and both must see the same default.
const DEFAULT_OWNER = Symbol.for('racecheck.SharedMutex.defaultOwner');
type OwnerSlot = { [DEFAULT_OWNER]?: number };

/**
 * The owner recorded by lock calls that name none. racecheck's worker entry sets it to the
 * actor a worker thread is running (a thread runs one actor at a time).
 */
export function setDefaultOwner(id: number | undefined): void {
  if (id !== undefined) checkOwnerId(id);
  (globalThis as OwnerSlot)[DEFAULT_OWNER] = id;
}

function ownerIdOf(owner: OwnerLike | undefined): number {
  const id = typeof owner === 'number' ? owner : owner?.actor.id;
  if (id !== undefined) return checkOwnerId(id);
  // With no actor to name, "thread N" is still more than nothing in a report.
  return (globalThis as OwnerSlot)[DEFAULT_OWNER] ?? -(threadId + 1);
}

function checkOwnerId(id: number): number {
  if (!Number.isInteger(id) || id < -(2 ** 31) || id >= 2 ** 31 - 1) {
    throw new TypeError(`SharedMutex owner must be an int32 actor id, got ${id}`);
  }
  return id;
}

// Actor ids (>= 0) are stored as id + 1 and thread fallbacks (< 0) as themselves, so the
// main thread's -1 never collides with 0 = "no owner".
const encodeOwner = (id: number): number => (id >= 0 ? id + 1 : id);
const decodeOwner = (word: number): number | undefined =>
  word === 0 ? undefined : word > 0 ? word - 1 : word;

/** Reads a mutex's words for the deadlock detector; safe from any thread, never writes. */
export function readMutexState(state: Int32Array): MutexState {
  const waiters: number[] = [];
  for (let w = 0; w < L.WAITER_WORDS; w++) {
    const bits = Atomics.load(state, L.WAITERS + w);
    for (let b = 0; b < 32; b++) if (bits & (1 << b)) waiters.push(w * 32 + b);
  }
  return {
    id: Atomics.load(state, L.ID),
    locked: Atomics.load(state, L.STATE) !== 0,
    owner: decodeOwner(Atomics.load(state, L.OWNER)),
    waiters,
    waiterCount: Atomics.load(state, L.WAITER_COUNT),
  };
}

// By tag, not instanceof: the clone may come from another realm or module copy.
const tag = (x: unknown): string => Object.prototype.toString.call(x);
const isSharedWords = (x: unknown): x is Int32Array =>
  tag(x) === '[object Int32Array]' && tag((x as Int32Array).buffer) === '[object SharedArrayBuffer]' &&
  (x as Int32Array).length >= L.WORDS;

/**
 * The classic three-state futex mutex (Drepper, "Futexes are tricky", mutex 2). It is not
 * fair: a thread that unlocks and relocks at once can beat the waiter it just woke, and a
 * loop task wakes later than a blocked worker. Waiters still get the lock as soon as the
 * holders pause, which is all racecheck's rounds need.
 *
 * `lockSync` on the main thread works but freezes the event loop until the lock is free:
 * that is the bug racecheck's starvation check reports. Loop code should `await lock()`.
 */
export class SharedMutex implements SharedMutexLike {
  readonly __racecheck = 'SharedMutex' as const;
  readonly name: string;
  readonly state: Int32Array;

  constructor(name?: string) {
    this.state = new Int32Array(new SharedArrayBuffer(L.WORDS * Int32Array.BYTES_PER_ELEMENT));
    const id = nextMutexId();
    Atomics.store(this.state, L.ID, id);
    this.name = name ?? `mutex-${id}`;
  }

  /** True for a SharedMutex or a structured clone of one. */
  static isShared(x: unknown): x is SharedMutexLike {
    return typeof x === 'object' && x !== null && (x as { __racecheck?: unknown }).__racecheck === 'SharedMutex';
  }

  /** Revives a structured clone; the result shares the clone's memory. */
  static from(plain: SharedMutexLike): SharedMutex {
    if (plain instanceof SharedMutex) return plain;
    const state: unknown = SharedMutex.isShared(plain) ? plain.state : undefined;
    if (!isSharedWords(state)) {
      throw new TypeError('SharedMutex.from: expected a SharedMutex clone ({ __racecheck, name, state: Int32Array over a SharedArrayBuffer })');
    }
    // Bypasses the constructor, which would allocate fresh memory; fields stay own and
    // enumerable in the same order, so this one clones like any other.
    return Object.assign(Object.create(SharedMutex.prototype) as SharedMutex,
      { __racecheck: 'SharedMutex' as const, name: String(plain.name), state });
  }

  tryLock(owner?: OwnerLike): boolean {
    const id = ownerIdOf(owner);
    if (Atomics.compareExchange(this.state, L.STATE, 0, 1) !== 0) {
      hooks()?.tryFailed?.(id, this);
      return false;
    }
    Atomics.store(this.state, L.OWNER, encodeOwner(id));
    return true;
  }

  /** Blocks the thread until the lock is free (see the class comment for the main thread). */
  lockSync(owner?: OwnerLike): void {
    const id = ownerIdOf(owner);
    if (Atomics.compareExchange(this.state, L.STATE, 0, 1) !== 0) {
      const h = hooks();
      const t0 = h ? performance.now() : 0;
      this.markWaiting(id, true);
      h?.waitStart?.(id, this);
      try {
        while (Atomics.exchange(this.state, L.STATE, 2) !== 0) Atomics.wait(this.state, L.STATE, 2);
      } finally {
        this.markWaiting(id, false);
        h?.waitEnd?.(id, performance.now() - t0, this);
      }
    }
    Atomics.store(this.state, L.OWNER, encodeOwner(id));
  }

  /** Waits with Atomics.waitAsync, so the thread (and the main event loop) keeps running. */
  async lock(owner?: OwnerLike): Promise<void> {
    const id = ownerIdOf(owner);
    if (Atomics.compareExchange(this.state, L.STATE, 0, 1) !== 0) {
      const h = hooks();
      const t0 = h ? performance.now() : 0;
      this.markWaiting(id, true);
      h?.waitStart?.(id, this);
      try {
        while (Atomics.exchange(this.state, L.STATE, 2) !== 0) {
          const wait = atomics.waitAsync(this.state, L.STATE, 2);
          if (wait.async) await wait.value;
        }
      } finally {
        this.markWaiting(id, false);
        h?.waitEnd?.(id, performance.now() - t0, this);
      }
    }
    Atomics.store(this.state, L.OWNER, encodeOwner(id));
  }

  unlock(): void {
    // Ownership is not checked: a lock taken with a ctx may be released by plain code.
    if (Atomics.load(this.state, L.STATE) === 0) {
      throw new Error(`SharedMutex "${this.name}": unlock() by a non-owner / when not locked`);
    }
    // Cleared first, so a reader never sees the next owner's lock with this owner's name.
    Atomics.store(this.state, L.OWNER, 0);
    if (Atomics.exchange(this.state, L.STATE, 0) === 2) Atomics.notify(this.state, L.STATE, 1);
  }

  async withLock<T>(fn: () => T | Promise<T>, owner?: OwnerLike): Promise<T> {
    await this.lock(owner);
    try {
      return await fn();
    } finally {
      this.unlock();
    }
  }

  private markWaiting(id: number, on: boolean): void {
    Atomics.add(this.state, L.WAITER_COUNT, on ? 1 : -1);
    if (id < 0 || id >= MAX_WAITER_BIT) return;
    const word = L.WAITERS + (id >> 5), bit = 1 << (id & 31);
    if (on) Atomics.or(this.state, word, bit);
    else Atomics.and(this.state, word, ~bit);
  }
}

/**
 * Replaces structured clones of SharedMutex in a cloned object graph (plain objects, arrays,
 * Map values) with live instances, in place; returns the root, itself replaced if it was one.
 * A clone reached twice becomes one instance, as the original was one object.
 */
export function reviveMutexes(value: unknown): unknown {
  const revived = new Map<object, SharedMutex>();
  const revive = (x: unknown): unknown => {
    if (!SharedMutex.isShared(x) || x instanceof SharedMutex) return x;
    let m = revived.get(x);
    if (!m) revived.set(x, (m = SharedMutex.from(x)));
    return m;
  };
  const root = revive(value);
  const seen = new WeakSet<object>();
  const todo: unknown[] = [root];
  while (todo.length > 0) {
    const node = todo.pop();
    if (!isWalkable(node) || seen.has(node)) continue;
    seen.add(node);
    if (node instanceof Map) {
      for (const [k, v] of node) {
        const r = revive(v);
        if (r !== v) node.set(k, r);
        else todo.push(v);
      }
    } else {
      const rec = node as Record<string, unknown>;
      for (const k of Object.keys(rec)) {
        const r = revive(rec[k]);
        if (r !== rec[k]) rec[k] = r;
        else todo.push(r);
      }
    }
  }
  return root;
}

// Typed arrays and racecheck's own primitives hold no mutex clones; class instances are
// not what structured cloning produces, and walking them could touch user getters.
function isWalkable(x: unknown): x is object {
  if (typeof x !== 'object' || x === null || ArrayBuffer.isView(x) || '__racecheck' in x) return false;
  if (Array.isArray(x) || x instanceof Map) return true;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}
