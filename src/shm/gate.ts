// The controlled round's gate across threads: one slot per actor in shared memory,
// through which the main thread's scheduler (sched/loop-control.ts) holds worker
// actors at their scheduling points and releases them one at a time.
//
// A worker at a ctx.yield (or before an op) writes PARKED, bumps EPOCH and sleeps in
// Atomics.wait on its slot; the main thread, which must never block, watches EPOCH
// with Atomics.waitAsync. To release a worker the main thread writes the step number
// and GO, and notifies the slot. A worker waiting for a SharedMutex is BLOCKED (not a
// candidate, and nobody waits for it); a released worker whose event loop came round
// before it parked again is WAITING (it awaits a timer, I/O, a message: the main thread
// waits for it only briefly); FREE ends control for the rest of the round.
//
// The main thread also stamps BEAT (a Float64, epoch ms) at every look it takes: a
// parked worker that sees no stamp for MAIN_STALE_MS goes on by itself, because a
// main thread blocked synchronously (a lockSync, an Atomics.wait, a busy loop)
// takes no decisions, and a worker it waits for must not wait for it in turn.
//
// Int32 words: [EPOCH, FREE, BEAT (2 words)], then per actor [STATE, STEP, STALLS, TID, SLEEP]
// (TID: the worker's kernel thread id, so the main thread can ask /proc whether it runs;
// SLEEP: odd while the actor sleeps in an Atomics.wait of the scenario's that has no
// timeout, with no thread of its own that could notify it: only another thread can
// wake it, which a round's own deadlock verdict uses, engine/deadlock-judge.ts).

import { threadState } from '../thread-state.js';
import { nativeWaitAsync } from './native-wait.js';

export const Slot = { IDLE: 0, RUNNING: 1, PARKED: 2, GO: 3, BLOCKED: 4, DONE: 5, WAITING: 6 } as const;
export type SlotState = (typeof Slot)[keyof typeof Slot];

const EPOCH = 0;
const FREE = 1;
/** Float64 index of BEAT (Int32 words 2 and 3). */
const BEAT = 1;
const HEADER = 4;
/** A parked worker waits this long for a decision from a main thread asleep (blocked)... */
export const MAIN_STALE_MS = 100;
/** ... and this long from one the machine has not scheduled (or that computes). */
export const MAIN_LOST_MS = 2000;
const MAIN_TID = process.pid;
// The gate's own sleeps: captured before a controlled round wraps Atomics.wait (worker-gate.ts).
const sleep = Atomics.wait.bind(Atomics);
const WORDS = 5;
const STATE = 0;
const STEP = 1;
const STALLS = 2;
const TID = 3;
const SLEEP = 4;

export class Gate {
  readonly i32: Int32Array;
  private readonly f64: Float64Array;

  constructor(readonly sab: SharedArrayBuffer) {
    this.i32 = new Int32Array(sab);
    this.f64 = new Float64Array(sab, 0, HEADER / 2);
  }

  /** Main thread: it is taking decisions (see MAIN_STALE_MS). */
  beat(): void {
    this.f64[BEAT] = Date.now();
  }

  static create(actors: number): Gate {
    return new Gate(new SharedArrayBuffer((HEADER + actors * WORDS) * 4));
  }

  /** A new round: every slot IDLE, control on. Main thread only, before any actor starts. */
  reset(): void {
    this.i32.fill(0);
    this.beat();
  }

  get epoch(): number {
    return Atomics.load(this.i32, EPOCH);
  }
  get free(): boolean {
    return Atomics.load(this.i32, FREE) !== 0;
  }

  state(actor: number): SlotState {
    return Atomics.load(this.i32, HEADER + actor * WORDS + STATE) as SlotState;
  }
  step(actor: number): number {
    return Atomics.load(this.i32, HEADER + actor * WORDS + STEP);
  }
  stalls(actor: number): number {
    return Atomics.load(this.i32, HEADER + actor * WORDS + STALLS);
  }
  /** The worker's kernel thread id (0: unknown). */
  tid(actor: number): number {
    return Atomics.load(this.i32, HEADER + actor * WORDS + TID);
  }
  setTid(actor: number, tid: number): void {
    Atomics.store(this.i32, HEADER + actor * WORDS + TID, tid);
  }

  /**
   * The worker begins (true) or ends an untimed wait only another thread can end: the
   * word is bumped either way, so a look that sees the same odd value twice saw one sleep.
   */
  sleeping(actor: number, on: boolean): void {
    const at = HEADER + actor * WORDS + SLEEP;
    const odd = (Atomics.load(this.i32, at) & 1) === 1;
    if (odd !== on) Atomics.add(this.i32, at, 1);
  }
  /** The actor's SLEEP word (odd: asleep; see sleeping()). */
  sleepWord(actor: number): number {
    return Atomics.load(this.i32, HEADER + actor * WORDS + SLEEP);
  }

  /** A worker's own state change; the main thread hears of it through EPOCH. */
  set(actor: number, s: SlotState): void {
    Atomics.store(this.i32, HEADER + actor * WORDS + STATE, s);
    Atomics.add(this.i32, EPOCH, 1);
    Atomics.notify(this.i32, EPOCH);
  }

  /** The worker saw itself spin on a condition (loop-control.ts STALL_PARKS). */
  stalled(actor: number): void {
    Atomics.add(this.i32, HEADER + actor * WORDS + STALLS, 1);
  }

  /** Main thread: lets a parked worker run as scheduling step `step`. */
  release(actor: number, step: number): void {
    const base = HEADER + actor * WORDS;
    Atomics.store(this.i32, base + STEP, step);
    Atomics.store(this.i32, base + STATE, Slot.GO);
    Atomics.notify(this.i32, base + STATE);
  }

  /** Main thread: control ends for the round; every parked worker goes on freely. */
  open(actors: readonly number[]): void {
    Atomics.store(this.i32, FREE, 1);
    for (const a of actors) Atomics.notify(this.i32, HEADER + a * WORDS + STATE);
  }

  /**
   * Worker thread: sleeps until released (returns the step) or until control ends
   * (returns undefined). `stopped`: the round is winding down (checked every 20 ms).
   */
  waitForGo(actor: number, stopped: () => boolean): number | undefined {
    const at = HEADER + actor * WORDS + STATE;
    for (;;) {
      const s = Atomics.load(this.i32, at);
      if (s === Slot.GO) {
        Atomics.store(this.i32, at, Slot.RUNNING);
        return this.step(actor);
      }
      if (this.free || stopped() || this.mainGone()) return undefined;
      sleep(this.i32, at, s, 20);
    }
  }

  /**
   * No decision for a while: a main thread asleep that long is blocked (on a lock this
   * worker holds, say) and will not decide until someone goes on; a runnable one is
   * only late (a loaded machine), and waiting keeps the schedule exact.
   */
  private mainGone(): boolean {
    const stale = Date.now() - this.f64[BEAT]!;
    if (stale <= MAIN_STALE_MS) return false;
    return stale > MAIN_LOST_MS || threadState(MAIN_TID) !== 'R';
  }

  /** Main thread: resolves when EPOCH moves from `seen`, or after `ms`. */
  changed(seen: number, ms: number): Promise<unknown> {
    const r = nativeWaitAsync()(this.i32, EPOCH, seen, ms);
    return r.async ? (r.value as Promise<unknown>) : Promise.resolve(r.value);
  }
}
