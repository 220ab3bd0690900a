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
// Worker actors take part through their gate slots (shm/gate.ts, the worker's
// side in worker-gate.ts): a parked worker is a candidate like a parked task; a
// released worker runs until it parks again, and the controller waits for that
// (Atomics.waitAsync on the gate's epoch) before it decides anything; a worker
// waiting for a SharedMutex is neither. A worker that stays running past
// RUNNING_LIMIT_MS without parking (it awaits a timer, I/O, a message) is taken to
// be waiting for something else, and the round goes on without it; one whose own event
// loop came round before it parked again (gate slot WAITING: it awaits a timer, I/O, a
// message, as a loop task that lets a turn pass) is waited for WAITING_GRACE_MS only.
//
// What it cannot order: tasks resumed by the same promise run their next
// segments in one step, in the promise's reaction order, until each parks; a
// worker woken by a SharedMutex hand-off overlaps the unlocking actor until
// either parks; a worker past RUNNING_LIMIT_MS runs beside the others.
import type { Scheduler } from './scheduler.js';
import { TraceLog, type TraceEvent, type TraceHooks } from './trace.js';
import { MAIN_STALE_MS, Slot, type Gate } from '../shm/gate.js';
import { threadState } from '../thread-state.js';

const ARMED: readonly string[] = ['Immediate'];
const NONE: readonly string[] = [];

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
/** A released worker that said WAITING (its loop came round before it parked) is waited for this long after its release. */
export const WAITING_GRACE_MS = 10;
/** A released worker that has not parked again after this long is waiting on something else. */
export const RUNNING_LIMIT_MS = 250;
/** ... or, while it is runnable (computing, or not yet scheduled on a loaded machine), this long. */
export const RUNNING_LOST_MS = 2000;
/**
 * A BLOCKED worker on its way into its wait or out of it (inTransit) is looked at again on
 * the next turn for this long (it gets there in microseconds, and says nothing when it
 * falls asleep), then every TRANSIT_LOOK_MS.
 */
const TRANSIT_SPIN_MS = 1;
const TRANSIT_LOOK_MS = 1;
/** A look held back this long is recorded (heldSteps), at most MAX_HELD of them a round. */
const HELD_MS = 20;
const MAX_HELD = 256;

/** The worker actors of a controlled round and their gate. */
export interface GatedWorkers {
  gate: Gate;
  ids: readonly number[];
  /**
   * Reads what the workers did (their transition rings) before every decision: a
   * check that fails on a worker's step then stops the round at that very step,
   * not a drain interval later, so the finding replays exactly.
   */
  collect(): void;
}

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
  /** When the pending look was armed (performance.now()). */
  private armedTime = 0;
  /**
   * Steps during which the main thread was held HELD_MS or more between arming a look
   * and the look running (a loop task's synchronous block, a long callback, or the
   * machine): where a trace of a blocked loop ends (engine/control.ts annotate).
   */
  readonly heldSteps: { step: number; ms: number }[] = [];
  private free = false;

  /** Per worker: when it was last released (ms, performance.now()), and its stall count seen. */
  private readonly released = new Map<number, number>();
  private readonly stallsSeen = new Map<number, number>();
  /** Per BLOCKED worker seen runnable: since when (inTransit). */
  private readonly transit = new Map<number, number>();
  /** Worker actors' trace events by actor id, as they came (before a wait, and with the outcome). */
  private readonly workerTraces = new Map<number, TraceEvent[]>();
  private waiting = false;

  constructor(
    private readonly scheduler: Scheduler,
    actors: readonly number[],
    /** The round is winding down (a finding, the budget): stop holding anyone. */
    private readonly stopped: () => boolean,
    private readonly workers?: GatedWorkers,
  ) {
    this.live = actors.length;
    for (const a of actors) this.state.set(a, { activity: 0, label: undefined, parkedBefore: false, idleParks: 0 });
    // Workers start their round as if just released: the controller waits for their first park.
    const t0 = performance.now();
    for (const w of workers?.ids ?? []) this.released.set(w, t0);
    if (workers && workers.ids.length > 0) this.arm();
  }

  /** Trace events of worker `id`, in its order. */
  workerTrace(id: number, events: readonly TraceEvent[]): void {
    if (events.length === 0) return;
    const list = this.workerTraces.get(id);
    if (list) list.push(...events);
    else this.workerTraces.set(id, events.slice());
  }

  /** A worker's outcome arrived (its round is over, even if it never said so on the gate). */
  workerDone(id: number, trace: readonly TraceEvent[] | undefined): void {
    this.released.delete(id);
    if (trace) this.workerTrace(id, trace);
    this.arm();
  }

  /** The round's whole trace: the main thread's events and the workers', in step order. */
  merged(): TraceEvent[] {
    const own = this.trace.list();
    if (this.workerTraces.size === 0) return own.slice();
    // Stable by step: a step's 'run' (main) comes first, then what the released actor did.
    const all = [...own.map((e, i) => ({ e, k: i, w: 0 })), ...[...this.workerTraces].flatMap(([w, list]) => list.map((e, i) => ({ e, k: i, w: w + 1 })))];
    all.sort((a, b) => a.e.step - b.e.step || (a.e.event === 'run' ? -1 : 0) - (b.e.event === 'run' ? -1 : 0) || a.w - b.w || a.k - b.k);
    // The first failure ends the trace (TraceLog's rule, across both sources).
    const out: TraceEvent[] = [];
    for (const { e } of all) {
      out.push(e);
      if (e.event === 'fail') break;
    }
    return out;
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

  /**
   * racecheck's own handles on the main thread this controller holds now: the immediate
   * of a pending look. They are no wake-up source of the scenario's (the loop-only and
   * no-progress checks leave them out: watch/loop-monitor.ts loopSources).
   */
  get ownHandles(): readonly string[] {
    return this.armed ? ARMED : NONE;
  }

  /**
   * Nobody can be released: no actor is parked, no decision is pending, and live tasks
   * wait on something other than the scheduler (a round's own deadlock judgement
   * without the watchdog, engine/deadlock-judge.ts). Says nothing about what they
   * wait on, nor about workers that are running or blocked.
   */
  get quiet(): boolean {
    return !this.free && !this.armed && !this.waiting && this.parked.size === 0 && this.live > 0;
  }

  /** Loop tasks parked now, waiting for the scheduler to release them (each can still run). */
  get tasksParked(): number {
    return this.parked.size;
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

  /**
   * The round is over: decide nothing more. The gate is shared by every round of the
   * scenario, so a wake-up still pending from this round must not act on the next.
   */
  close(): void {
    this.free = true;
    this.trace.end();
  }

  /** Ends control for the rest of the round (every parked task goes on freely). */
  releaseAll(): void {
    this.free = true;
    // What runs from here on is no scheduling step.
    this.trace.end();
    const all = [...this.parked.values()];
    this.parked.clear();
    for (const r of all) r();
    if (this.workers) this.workers.gate.open(this.workers.ids);
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
    this.armedTime = performance.now();
    setImmediate(this.check);
  }

  /**
   * How long a released worker may run before the round goes on beside it: a thread
   * asleep (awaiting a timer, I/O, a message) is waiting for something else; one that
   * is runnable is computing or not yet scheduled on a loaded machine, and waiting
   * for it keeps the schedule exact (up to RUNNING_LOST_MS: a spin on a flag that a
   * parked actor would set never ends).
   */
  private runningLimit(id: number): number {
    return threadState(this.workers!.gate.tid(id)) === 'R' ? RUNNING_LOST_MS : RUNNING_LIMIT_MS;
  }

  /** Parked workers (candidates), and whether a released one is still running. */
  private workerStates(): { parked: number[]; running: boolean; lookMs: number } {
    const parked: number[] = [];
    let running = false;
    // How soon to look again while one runs: at once when a WAITING one's grace ends.
    let lookMs = MAIN_STALE_MS / 4;
    if (!this.workers) return { parked, running, lookMs };
    const { gate } = this.workers;
    const now = performance.now();
    for (const id of this.workers.ids) {
      const s = gate.state(id);
      const stalls = gate.stalls(id);
      if (stalls !== (this.stallsSeen.get(id) ?? 0)) {
        this.stallsSeen.set(id, stalls);
        this.scheduler.stalled(id);
      }
      const since = this.released.get(id);
      if (s === Slot.PARKED) {
        parked.push(id);
        this.released.delete(id);
      } else if (s === Slot.DONE) this.released.delete(id);
      else if (s === Slot.BLOCKED) {
        this.released.delete(id);
        const look = this.inTransit(id, now);
        if (look !== undefined) {
          running = true;
          lookMs = Math.min(lookMs, look);
        }
      } else if (s === Slot.WAITING) {
        // Awaiting something else: a short wait keeps a quick timer's continuation in its step.
        if (since !== undefined && now - since < WAITING_GRACE_MS) {
          running = true;
          lookMs = Math.min(lookMs, WAITING_GRACE_MS - (now - since));
        }
      }
      else if (since !== undefined && (s === Slot.IDLE || s === Slot.GO)) {
        // Not started yet, or released and not yet awake: it will be (or its outcome
        // arrives and workerDone() says so).
        running = true;
      } else if (since !== undefined && now - since < this.runningLimit(id)) {
        running = true;
      }
    }
    return { parked, running, lookMs };
  }

  /**
   * A BLOCKED worker whose thread runs is on its way into its wait or out of it: it said
   * BLOCKED just before it sleeps, and a wake-up (a notify, an unlock) leaves it runnable
   * until it parks again. A step by anyone else meanwhile is a race the schedule does not
   * record: a notify that lands before the wait begins is lost in one run and wakes the
   * worker in its replay. So the controller waits for the thread to sleep (or park), up to
   * RUNNING_LOST_MS (a machine that does not schedule it). Without /proc: never. The
   * slot is read again after the thread: one that parked in between sleeps in its park.
   * Returns how soon to look again (0: the next turn), undefined when it is not in transit.
   */
  private inTransit(id: number, now: number): number | undefined {
    const { gate } = this.workers!;
    const asleep = threadState(gate.tid(id)) !== 'R';
    // It may have parked (and slept there) since its slot was read: look again.
    if (gate.state(id) !== Slot.BLOCKED) return 0;
    if (asleep) {
      this.transit.delete(id);
      return undefined;
    }
    let since = this.transit.get(id);
    if (since === undefined) this.transit.set(id, (since = now));
    if (now - since < TRANSIT_SPIN_MS) return 0;
    return now - since < RUNNING_LOST_MS ? TRANSIT_LOOK_MS : undefined;
  }

  private readonly check = (): void => {
    this.armed = false;
    const held = performance.now() - this.armedTime;
    if (held >= HELD_MS && this.heldSteps.length < MAX_HELD) this.heldSteps.push({ step: this.steps, ms: held });
    if (this.free) return;
    this.workers?.gate.beat();
    const seen = this.workers?.gate.epoch ?? 0;
    // The slots first, then the rings: a worker writes its ring before it parks or
    // says DONE, so a slot read as PARKED or DONE here has its steps in the ring read
    // next. The other order misses a check that fails on the step a worker has just
    // ended, and the round goes one decision further than its replay would.
    const w = this.workerStates();
    this.workers?.collect();
    if (this.stopped()) return this.releaseAll();
    if (w.running) {
      // A released worker runs until it parks: nobody else may run beside it.
      if (w.lookMs === 0) this.arm();
      else this.waitForWorkers(seen, w.lookMs);
      return;
    }
    if (this.parked.size === 0 && w.parked.length === 0) {
      // Nobody to release: tasks wake the controller when they park, workers through the gate.
      if (this.workers && this.workers.ids.some((id) => this.workers!.gate.state(id) !== Slot.DONE)) this.waitForWorkers(seen, RUNNING_LIMIT_MS);
      return;
    }
    if (this.parked.size < this.live && this.epoch !== this.armedAt) {
      // Something moved during the turn: give the unparked tasks another one.
      this.arm();
      return;
    }
    const ids = [...this.parked.keys(), ...w.parked].sort((a, b) => a - b);
    const id = this.scheduler.next(ids);
    this.steps++;
    this.trace.push({ step: this.steps, actor: id, event: 'run' });
    const resolve = this.parked.get(id);
    if (resolve) {
      this.parked.delete(id);
      resolve();
    } else {
      this.released.set(id, performance.now());
      this.workers!.gate.release(id, this.steps);
    }
    // The released task may go on to wait for something other than the
    // scheduler (and never park): look again after a turn either way.
    this.arm();
  };

  /** Looks again when a worker's slot changes, or after `ms` at most. */
  private waitForWorkers(seen: number, ms: number): void {
    if (this.waiting) return;
    this.waiting = true;
    // Short waits: each look stamps the gate's beat, which parked workers watch (MAIN_STALE_MS).
    void this.workers!.gate.changed(seen, Math.max(1, Math.min(ms, MAIN_STALE_MS / 4))).then(() => {
      this.waiting = false;
      this.arm();
    });
  }
}
