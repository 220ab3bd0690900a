// The engine side of a controlled round on the main thread: loop tasks park at
// every ctx.yield (and before every op, so no op's first step escapes the
// scheduler), and when no task can run without the scheduler one parked task
// is released.
//
// "No task can run without the scheduler" is detected with a setImmediate
// turn: it runs after every microtask already queued has run, so when it fires
// and every live task is parked, nothing else will move. Tasks waiting on
// something else (a lock held by a parked task, a timer, I/O) are not parked;
// when a full turn passes with no park and no finish, they are taken to be
// waiting and a parked task is released (without that, a task waiting for a
// lock that a parked task holds would wait forever).
//
// What it cannot order: tasks resumed by the same promise run their next
// segments in one step, in the promise's reaction order, until each parks; a
// worker thread's plain-memory accesses between yields are not scheduled.
import type { Scheduler } from './scheduler.js';
import { TraceLog, type TraceHooks } from './trace.js';

const resolved = Promise.resolve();

/** What an actor's loop calls in a controlled round. */
export interface ActorSched extends TraceHooks {
  /** The scheduling point before each op. */
  beforeOp(actor: number): Promise<void>;
  /** The actor finished its ops. */
  finish(actor: number): void;
}

interface ActorState {
  /** Trace events of this actor since it last parked (0 = it made no progress). */
  activity: number;
  label: string | undefined;
  parkedBefore: boolean;
  /** Consecutive parks at the same yield with no activity in between. */
  idleParks: number;
}

/** Consecutive no-progress parks after which an actor counts as spinning on a condition. */
export const STALL_PARKS = 32;

export class LoopControl implements ActorSched {
  readonly trace = new TraceLog();
  /** Scheduling decisions taken this round. */
  steps = 0;
  private readonly parked = new Map<number, () => void>();
  private readonly state = new Map<number, ActorState>();
  private live: number;
  private epoch = 0;
  private armedAt = -1;
  private armed = false;
  private free = false;

  constructor(
    private readonly scheduler: Scheduler,
    actors: readonly number[],
    /** The round is winding down (a finding, the budget): stop holding anyone. */
    private readonly stopped: () => boolean,
  ) {
    this.live = actors.length;
    for (const a of actors) this.state.set(a, { activity: 0, label: undefined, parkedBefore: false, idleParks: 0 });
  }

  /** A scheduling point of actor `id`: resolves when the scheduler releases it. */
  park(id: number, label: string | undefined, isYield: boolean): Promise<void> {
    if (isYield) this.trace.push({ step: this.steps, actor: id, event: 'yield', ...(label !== undefined ? { label } : {}) });
    if (this.free || this.stopped()) {
      this.releaseAll();
      return resolved;
    }
    const s = this.state.get(id)!;
    // A run of parks at one yield with nothing in between is a wait on a
    // condition; a short run is a bounded loop (a retry, a timer's ticks) that
    // must be allowed to hold others back, so only a long run counts.
    if (isYield && s.parkedBefore && s.activity === 0 && s.label === label) {
      if (++s.idleParks % STALL_PARKS === 0) this.scheduler.stalled(id);
    } else s.idleParks = 0;
    s.activity = 0;
    s.label = isYield ? label : undefined;
    s.parkedBefore = isYield;
    return new Promise<void>((resolve) => {
      this.parked.set(id, resolve);
      this.bump();
    });
  }

  beforeOp(id: number): Promise<void> {
    return this.park(id, undefined, false);
  }

  /** Actor `id` finished its ops for the round. */
  finish(id: number): void {
    this.trace.push({ step: this.steps, actor: id, event: 'done' });
    this.live--;
    this.bump();
  }

  op(actor: number, op: number): void {
    this.note(actor);
    this.trace.push({ step: this.steps, actor, event: 'op', op });
  }
  enter(actor: number, name: string, from: number): void {
    this.note(actor);
    this.trace.push({ step: this.steps, actor, event: 'enter', name, from });
  }
  exit(actor: number, name: string, from: number, to: number): void {
    this.note(actor);
    this.trace.push({ step: this.steps, actor, event: 'exit', name, from, to });
  }
  section(actor: number, name: string, enter: boolean): void {
    this.note(actor);
    this.trace.push({ step: this.steps, actor, event: enter ? 'section-enter' : 'section-exit', name });
  }
  fail(actor: number, message: string): void {
    this.trace.push({ step: this.steps, actor, event: 'fail', message });
  }

  /** Ends control for the rest of the round (every parked task goes on freely). */
  releaseAll(): void {
    this.free = true;
    const all = [...this.parked.values()];
    this.parked.clear();
    for (const r of all) r();
  }

  private note(actor: number): void {
    const s = this.state.get(actor);
    if (s) s.activity++;
  }

  private bump(): void {
    this.epoch++;
    this.arm();
  }

  private arm(): void {
    if (this.armed) return;
    this.armed = true;
    this.armedAt = this.epoch;
    setImmediate(this.check);
  }

  private readonly check = (): void => {
    this.armed = false;
    if (this.parked.size === 0) return;
    if (this.stopped()) return this.releaseAll();
    if (this.parked.size < this.live && this.epoch !== this.armedAt) {
      // Something moved during the turn: give the unparked tasks another one.
      this.arm();
      return;
    }
    const ids = [...this.parked.keys()].sort((a, b) => a - b);
    const id = this.scheduler.next(ids);
    const resolve = this.parked.get(id)!;
    this.parked.delete(id);
    this.steps++;
    this.trace.push({ step: this.steps, actor: id, event: 'run' });
    resolve();
    // The released task may go on to wait for something other than the
    // scheduler (and never park): look again after a turn either way.
    this.arm();
  };
}
