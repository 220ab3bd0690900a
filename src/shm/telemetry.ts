// racecheck's own shared memory: one SharedArrayBuffer per run, read by the
// main thread, every worker and the watchdog (which must work while the main
// thread is blocked, so nothing here may depend on the event loop).
//
// Int32 region                                   Float64 region
//   control  [STOP, VERSION, ROUND, FINDINGS,        [0] unused (the main-loop heartbeat lives in
//             MUTEX_IDS]                                 shm/control.ts: it must exist before a scenario)
//   per actor counters (ACTOR_WORDS each)            per actor [OP_STARTED, LAST_DONE, WAIT_MAX]
//   per actor ring: head, tail, CAP x RING_STRIDE
//   sections: SECTION_SLOTS x (hash, count, limit, inside[actors])
//   labels: per actor LABEL_CHARS Uint16 (+ length word in counters)

import { hashString } from '../hash.js';

export { hashString };

const ORIGIN = performance.timeOrigin;
/**
 * The time base of every telemetry stamp: epoch milliseconds, comparable across
 * threads (each thread's performance.now() has its own origin).
 */
export const epochNow = (): number => ORIGIN + performance.now();

/** MUTEX_IDS: SharedMutex ids handed out this round (primitives/shared-mutex.ts numbers new locks from it). */
export const CTRL = { STOP: 0, VERSION: 1, ROUND: 2, FINDINGS: 3, MUTEX_IDS: 4 } as const;
const CTRL_WORDS = 8;

/**
 * Per-actor counters (Int32 words). THREAD: threadId of the worker thread running the
 * actor (0 on main), so the watchdog can find its inspector target. LOCK_WAITS and
 * WAIT_HIST: contended SharedMutex acquisitions and their wait times (log2 µs buckets).
 * CUT: 1 once the actor stopped starting ops at the budget's cut with planned ops left
 * (engine/budget.ts): the ops still running may wait for ops that never started.
 * TID: the kernel thread id of a worker actor's thread (0 on main, or where /proc is
 * missing), so the watchdog can read its CPU time (watch/compute.ts).
 */
export const A = {
  OPS: 0, TRANSITIONS: 1, YIELDS: 2, OP: 3, STATE: 4, LABEL_LEN: 5, IN_TRANSITION: 6, RETRIES: 7,
  THREAD: 8, LOCK_WAITS: 9, CUT: 10, TID: 11, WAIT_HIST: 12,
} as const;
/** Wait-time histogram buckets: bucket b counts waits of [2^b, 2^(b+1)) µs, the last one open. */
export const WAIT_BUCKETS = 24;
const ACTOR_WORDS = A.WAIT_HIST + WAIT_BUCKETS;

export const ActorState = { IDLE: 0, RUNNING: 1, YIELDING: 2, DONE: 3, FAILED: 4 } as const;

export const RING_CAP = 1024;
export const RING_STRIDE = 6; // op, from, to, checksumBefore, checksumAfter, versionAtExit
const RING_WORDS = 2 + RING_CAP * RING_STRIDE;

export const SECTION_SLOTS = 32;
export const LABEL_CHARS = 80;

/**
 * Per-actor Float64 words (epoch ms, except WAIT_MAX in ms). LOOP_WAIT: when the
 * actor's thread last saw, during the round (its ops done or not), something of the
 * scenario's pending there that can still call back (a timer, a socket, work on
 * libuv's pool): a slow op, not evidence of a deadlock (watch/grade/progress.ts waitingOnLoop).
 * BUSY: when the watchdog last saw the actor's worker thread burn CPU (watch/compute.ts):
 * an op computing on a shared core is slow, not deadlocked.
 */
export const F = { OP_STARTED: 0, LAST_DONE: 1, WAIT_MAX: 2, LOOP_WAIT: 3, BUSY: 4 } as const;
const ACTOR_F64 = 5;

export interface RingEntry {
  op: number;
  from: number;
  to: number;
  checksumBefore: number;
  checksumAfter: number;
  /** The version word just before this transition stored `to`: != from means another transition completed meanwhile. */
  versionAtExit: number;
}

export class Telemetry {
  readonly i32: Int32Array;
  readonly f64: Float64Array;
  readonly labels: Uint16Array;
  private readonly countersBase: number;
  private readonly ringsBase: number;
  private readonly sectionsBase: number;
  private readonly sectionStride: number;
  private readonly f64Base = 1; // [0] = main heartbeat

  static create(actors: number): Telemetry {
    const { i32Words, f64Words, labelChars } = Telemetry.layout(actors);
    const sab = new SharedArrayBuffer(i32Words * 4 + f64Words * 8 + labelChars * 2);
    return new Telemetry(sab, actors);
  }

  private static layout(actors: number) {
    const sectionStride = 3 + actors;
    const i32Words = CTRL_WORDS + actors * ACTOR_WORDS + actors * RING_WORDS + SECTION_SLOTS * sectionStride;
    // Float64 region must be 8-byte aligned.
    const i32Padded = i32Words + (i32Words % 2);
    return { i32Words: i32Padded, f64Words: 1 + actors * ACTOR_F64, labelChars: actors * LABEL_CHARS, sectionStride };
  }

  constructor(readonly sab: SharedArrayBuffer, readonly actors: number) {
    const l = Telemetry.layout(actors);
    this.i32 = new Int32Array(sab, 0, l.i32Words);
    this.f64 = new Float64Array(sab, l.i32Words * 4, l.f64Words);
    this.labels = new Uint16Array(sab, l.i32Words * 4 + l.f64Words * 8, l.labelChars);
    this.countersBase = CTRL_WORDS;
    this.ringsBase = this.countersBase + actors * ACTOR_WORDS;
    this.sectionsBase = this.ringsBase + actors * RING_WORDS;
    this.sectionStride = l.sectionStride;
  }

  // --- control -----------------------------------------------------------
  get stopped(): boolean {
    return Atomics.load(this.i32, CTRL.STOP) !== 0;
  }
  stop(): void {
    Atomics.store(this.i32, CTRL.STOP, 1);
    Atomics.notify(this.i32, CTRL.STOP);
  }

  /** Reset everything a round owns (not the ledger version when state persists). */
  resetRound(round: number, keepVersion: boolean): void {
    Atomics.store(this.i32, CTRL.STOP, 0);
    Atomics.store(this.i32, CTRL.ROUND, round);
    if (!keepVersion) {
      this.i32[CTRL.VERSION] = 0;
      // Fresh state: its locks number from 1 again, so a replayed round names them alike.
      Atomics.store(this.i32, CTRL.MUTEX_IDS, 0);
    }
    for (let a = 0; a < this.actors; a++) {
      const c = this.counter(a, 0);
      this.i32.fill(0, c, c + ACTOR_WORDS);
      const r = this.ringBase(a);
      this.i32[r] = 0;
      this.i32[r + 1] = 0;
      const f = this.f64Base + a * ACTOR_F64;
      this.f64.fill(0, f, f + ACTOR_F64);
    }
    this.i32.fill(0, this.sectionsBase, this.sectionsBase + SECTION_SLOTS * this.sectionStride);
  }

  // --- counters ----------------------------------------------------------
  counter(actor: number, word: number): number {
    return this.countersBase + actor * ACTOR_WORDS + word;
  }
  add(actor: number, word: number, n = 1): void {
    const i = this.countersBase + actor * ACTOR_WORDS + word;
    this.i32[i] = this.i32[i]! + n; // single writer per actor: no RMW needed
  }
  get(actor: number, word: number): number {
    return Atomics.load(this.i32, this.countersBase + actor * ACTOR_WORDS + word);
  }
  set(actor: number, word: number, v: number): void {
    Atomics.store(this.i32, this.countersBase + actor * ACTOR_WORDS + word, v);
  }
  /** The index in `f64` of an actor's float word (for hot loops that store it directly). */
  fIndex(actor: number, word: number): number {
    return this.f64Base + actor * ACTOR_F64 + word;
  }
  setF(actor: number, word: number, v: number): void {
    this.f64[this.f64Base + actor * ACTOR_F64 + word] = v;
  }
  getF(actor: number, word: number): number {
    return this.f64[this.f64Base + actor * ACTOR_F64 + word]!;
  }
  set heartbeat(v: number) {
    this.f64[0] = v;
  }
  get heartbeat(): number {
    return this.f64[0]!;
  }

  /** A contended lock acquisition by `actor` that waited `ms` (single writer: the actor's thread). */
  recordLockWait(actor: number, ms: number): void {
    if (actor < 0 || actor >= this.actors) return;
    const us = Math.max(1, ms * 1000);
    const b = Math.min(WAIT_BUCKETS - 1, Math.floor(Math.log2(us)));
    this.add(actor, A.WAIT_HIST + b);
    this.add(actor, A.LOCK_WAITS);
    if (ms > this.getF(actor, F.WAIT_MAX)) this.setF(actor, F.WAIT_MAX, ms);
  }
  lockWaits(actor: number): { count: number; buckets: number[]; maxMs: number } {
    const buckets: number[] = [];
    for (let b = 0; b < WAIT_BUCKETS; b++) buckets.push(this.get(actor, A.WAIT_HIST + b));
    return { count: this.get(actor, A.LOCK_WAITS), buckets, maxMs: this.getF(actor, F.WAIT_MAX) };
  }

  setLabel(actor: number, text: string): void {
    const base = actor * LABEL_CHARS;
    const n = Math.min(text.length, LABEL_CHARS);
    for (let i = 0; i < n; i++) this.labels[base + i] = text.charCodeAt(i);
    this.set(actor, A.LABEL_LEN, n);
  }
  label(actor: number): string | undefined {
    const n = this.get(actor, A.LABEL_LEN);
    if (n === 0) return undefined;
    const base = actor * LABEL_CHARS;
    return String.fromCharCode(...this.labels.subarray(base, base + n));
  }

  // --- transition rings (single producer: the actor; single consumer: main) --
  private ringBase(actor: number): number {
    return this.ringsBase + actor * RING_WORDS;
  }

  /** Returns false when the ring is full (the caller drains or waits). */
  tryPush(actor: number, op: number, from: number, to: number, cBefore: number, cAfter: number, seen: number): boolean {
    const r = this.ringBase(actor);
    const head = this.i32[r]!;
    if (head - Atomics.load(this.i32, r + 1) >= RING_CAP) return false;
    const e = r + 2 + (head % RING_CAP) * RING_STRIDE;
    this.i32[e] = op;
    this.i32[e + 1] = from;
    this.i32[e + 2] = to;
    this.i32[e + 3] = cBefore;
    this.i32[e + 4] = cAfter;
    this.i32[e + 5] = seen;
    Atomics.store(this.i32, r, head + 1); // publish after the entry is written
    return true;
  }

  /** Worker side: block until the consumer makes room (or the round stops). */
  waitForRoom(actor: number): void {
    const r = this.ringBase(actor);
    const tail = Atomics.load(this.i32, r + 1);
    Atomics.wait(this.i32, r + 1, tail, 20);
  }

  drain(actor: number, sink: (e: RingEntry) => void): number {
    const r = this.ringBase(actor);
    const head = Atomics.load(this.i32, r);
    let tail = this.i32[r + 1]!;
    const n = head - tail;
    for (; tail < head; tail++) {
      const e = r + 2 + (tail % RING_CAP) * RING_STRIDE;
      sink({
        op: this.i32[e]!,
        from: this.i32[e + 1]!,
        to: this.i32[e + 2]!,
        checksumBefore: this.i32[e + 3]! >>> 0,
        checksumAfter: this.i32[e + 4]! >>> 0,
        versionAtExit: this.i32[e + 5]!,
      });
    }
    Atomics.store(this.i32, r + 1, tail);
    if (n > 0) Atomics.notify(this.i32, r + 1);
    return n;
  }

  // --- occupancy sections --------------------------------------------------
  /** Slot for a section name (open addressing on a 31-bit name hash). */
  sectionSlot(name: string, limit: number): number {
    const h = (hashString(name) | 1) & 0x7fffffff;
    for (let i = 0; i < SECTION_SLOTS; i++) {
      const slot = (h + i) % SECTION_SLOTS;
      const base = this.sectionsBase + slot * this.sectionStride;
      const prev = Atomics.compareExchange(this.i32, base, 0, h);
      if (prev === 0) {
        Atomics.store(this.i32, base + 2, limit);
        return base;
      }
      if (prev === h) return base;
    }
    throw new Error(`racecheck: more than ${SECTION_SLOTS} distinct ctx.section names`);
  }
  /** Enter; returns the occupancy after entering. */
  enterSection(base: number, actor: number): number {
    Atomics.store(this.i32, base + 3 + actor, 1);
    return Atomics.add(this.i32, base + 1, 1) + 1;
  }
  exitSection(base: number, actor: number): void {
    Atomics.sub(this.i32, base + 1, 1);
    Atomics.store(this.i32, base + 3 + actor, 0);
  }
  /** Actor ids currently inside a section. */
  occupants(base: number): number[] {
    const out: number[] = [];
    for (let a = 0; a < this.actors; a++) if (Atomics.load(this.i32, base + 3 + a) !== 0) out.push(a);
    return out;
  }
}
