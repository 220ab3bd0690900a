// The run process's own shared control block, alive from before the scenario is
// bundled until the process exits: the main-loop heartbeat, what the main thread is
// doing (phase), the event-pipe write lock, and the loop-idle verdict of the main
// thread. The watchdog thread reads it while the main thread is blocked, so every
// field is a plain word written with Atomics (or a lone writer's Float64).

/** Int32 words. */
export const C = {
  /** Write lock of the event pipe (0 free, else the holder's thread id + 1). */
  LOCK: 0,
  /** 1 once the watchdog has written a scenario's final result itself: later writes are dropped. */
  SEALED: 1,
  PHASE: 2,
  /** Count of 'result' events written (main thread or watchdog). */
  RESULTS: 3,
  /** Main thread: 1 while loop tasks are pending with nothing left that could wake them. */
  LOOP_IDLE: 4,
  /** Reports the watchdog is still building (the main thread waits for them before a result). */
  REPORTING: 5,
  /** Ops per actor of the round in flight (its replay command's --ops). */
  ROUND_OPS: 6,
  /** 1 during a controlled round (src/sched): the scheduler holds tasks back on purpose. */
  CONTROLLED: 7,
} as const;
const I32_WORDS = 8;

/** Float64 words (epoch ms, except the event-loop delay figures in ms). */
export const CF = { HEARTBEAT: 0, PHASE_SINCE: 1, LOOP_IDLE_SINCE: 2, ELD_MAX: 3, ELD_P99: 4 } as const;
const F64_WORDS = 8;

export const Phase = {
  /** Bundling and importing the scenario file. */
  LOAD: 0,
  /** racecheck's own work between rounds (pool start, reports). */
  ENGINE: 1,
  /** setup() and attach() on the main thread. */
  SETUP: 2,
  /** Actors running. */
  ROUND: 3,
  /** invariant() and verify(). */
  CHECKS: 4,
} as const;
export type PhaseValue = (typeof Phase)[keyof typeof Phase];

export const phaseName = (p: number): string =>
  p === Phase.LOAD ? 'loading the scenario file' : p === Phase.SETUP ? 'setup()/attach()' : p === Phase.ROUND ? 'the round'
    : p === Phase.CHECKS ? 'invariant()/verify()' : 'racecheck itself';

import { epochNow } from './telemetry.js';

export { epochNow };

export class Control {
  readonly i32: Int32Array;
  readonly f64: Float64Array;

  static create(): Control {
    return new Control(new SharedArrayBuffer(I32_WORDS * 4 + F64_WORDS * 8));
  }

  constructor(readonly sab: SharedArrayBuffer) {
    this.i32 = new Int32Array(sab, 0, I32_WORDS);
    this.f64 = new Float64Array(sab, I32_WORDS * 4, F64_WORDS);
  }

  beat(now = epochNow()): void {
    this.f64[CF.HEARTBEAT] = now;
  }
  get heartbeat(): number {
    return this.f64[CF.HEARTBEAT]!;
  }

  setPhase(p: PhaseValue, now = epochNow()): void {
    this.f64[CF.PHASE_SINCE] = now;
    Atomics.store(this.i32, C.PHASE, p);
  }
  get phase(): number {
    return Atomics.load(this.i32, C.PHASE);
  }
  get phaseSince(): number {
    return this.f64[CF.PHASE_SINCE]!;
  }

  setLoopIdle(idle: boolean, since: number): void {
    if (idle) this.f64[CF.LOOP_IDLE_SINCE] = since;
    Atomics.store(this.i32, C.LOOP_IDLE, idle ? 1 : 0);
  }
  /** Epoch ms since when the loop has been idle with tasks pending, or 0. */
  get loopIdleSince(): number {
    return Atomics.load(this.i32, C.LOOP_IDLE) ? this.f64[CF.LOOP_IDLE_SINCE]! : 0;
  }

  setRoundOps(n: number): void {
    Atomics.store(this.i32, C.ROUND_OPS, n);
  }
  get roundOps(): number {
    return Atomics.load(this.i32, C.ROUND_OPS);
  }

  setControlled(on: boolean): void {
    Atomics.store(this.i32, C.CONTROLLED, on ? 1 : 0);
  }
  get controlled(): boolean {
    return Atomics.load(this.i32, C.CONTROLLED) === 1;
  }

  get results(): number {
    return Atomics.load(this.i32, C.RESULTS);
  }
}
