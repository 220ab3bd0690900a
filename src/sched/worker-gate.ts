// A worker actor's side of a controlled round (the main thread's side is
// loop-control.ts): every ctx.yield, and the point before every op, parks the
// thread on its gate slot (shm/gate.ts) until the scheduler releases it, so one
// actor runs at a time, worker or loop task, and the order of their steps is the
// scheduler's. A SharedMutex wait marks the actor BLOCKED (the scheduler runs someone
// else meanwhile), and getting the lock is a scheduling point of its own: the
// thread that unlocked it keeps running until it parks, and the two never overlap
// for longer than that hand-off.
//
// The worker records its own trace events under the step it was released for;
// the main thread merges them into the round's trace (they cannot overlap another
// actor's steps).
import type { Gate } from '../shm/gate.js';
import { Slot } from '../shm/gate.js';
import { STALL_PARKS, type ActorSched } from './loop-control.js';
import { TraceLog, type TraceEvent } from './trace.js';
import type { YieldFn } from './yield.js';
import { ownTid } from '../thread-state.js';
import { setWaitHooks, type WaitKind } from './wait-hooks.js';

const resolved = Promise.resolve();

/**
 * One actor's wait under way, and its gate SLEEP word: an untimed Atomics.wait that
 * none of this thread's own threads could end is a sleep until another thread notifies
 * (engine/deadlock-judge.ts). Shared by controlled rounds (WorkerGate) and judged
 * re-runs under mix (markSleeps).
 */
class WaitMark {
  private inWait = false;
  constructor(
    private readonly gate: Gate,
    private readonly id: number,
    private readonly ownThreadsMayNotify: () => boolean,
  ) {}

  /** A wait begins; false when one is already under way (lockSync waits in Atomics.wait). */
  begin(untimed: boolean): boolean {
    if (this.inWait) return false;
    this.inWait = true;
    if (untimed && !this.ownThreadsMayNotify()) this.gate.sleeping(this.id, true);
    return true;
  }

  /** ... and it returned; false when no wait was under way. */
  end(): boolean {
    if (!this.inWait) return false;
    this.inWait = false;
    this.gate.sleeping(this.id, false);
    return true;
  }
}

export class WorkerGate implements ActorSched {
  private readonly log = new TraceLog();
  private step = 0;
  private activity = 0;
  private label: string | undefined;
  private parkedBefore = false;
  private idleParks = 0;
  private readonly wait: WaitMark;

  constructor(
    private readonly gate: Gate,
    private readonly id: number,
    private readonly stopped: () => boolean,
    /** Whether a thread this one started may notify its waits (watch/wake-sources.ts ownThreadsMayNotify); while it may, no wait is a sleep. */
    ownThreadsMayNotify: () => boolean = () => true,
    /** Sends the trace so far to the main thread (a wait may never return, and then neither does the outcome that carries it). */
    private readonly sendTrace: (events: TraceEvent[]) => void = () => undefined,
  ) {
    this.wait = new WaitMark(gate, id, ownThreadsMayNotify);
    gate.setTid(id, ownTid() ?? 0);
  }

  /** The actor's ctx.yield in this round. */
  readonly yieldFn: YieldFn = (label) => {
    this.log.push({ step: this.step, actor: this.id, event: 'yield', ...(label !== undefined ? { label } : {}) });
    this.park(label, true);
    return resolved;
  };

  beforeOp(): Promise<void> {
    this.park(undefined, false);
    return resolved;
  }

  /**
   * A wait begins (a SharedMutex, or any Atomics.wait of the scenario's): not a
   * candidate for the scheduler, and nobody waits for it, until it returns. False
   * when a wait is already under way (lockSync waits in Atomics.wait).
   */
  blocked(what: WaitKind, untimed = false): boolean {
    if (!this.wait.begin(untimed)) return false;
    this.log.push({ step: this.step, actor: this.id, event: 'wait', name: what });
    if (!this.gate.free) {
      // Before the slot says BLOCKED: the main thread takes its next step only after that.
      if (this.log.list().length > 0) this.sendTrace(this.log.take());
      this.gate.set(this.id, Slot.BLOCKED);
    }
    return true;
  }

  /** ... and it returned (it has the lock, it was woken): a scheduling point before it goes on. */
  acquired(): void {
    if (this.wait.end()) this.park(undefined, false);
  }

  /**
   * For the round: the scenario's waits on this thread (sched/wait-hooks.ts) mark the
   * actor BLOCKED while they sleep (a consumer asleep on a signal word, a hand-made
   * lock, a lock word awaited with Atomics.waitAsync), so the scheduler runs the others
   * instead of waiting for it; waking up is a scheduling point. Without the waitAsync
   * part, each released worker that went on to await a lock word held the controller
   * for RUNNING_LIMIT_MS, and eight of them in a row were a round with no progress for
   * the deadlock timeout: a correct lock reported deadlocked. Returns the undo.
   */
  watchWaits(): () => void {
    const hooks = { blocked: (what: WaitKind, untimed?: boolean) => this.blocked(what, untimed), acquired: () => this.acquired() };
    setWaitHooks(hooks);
    return () => setWaitHooks(undefined);
  }

  finish(): void {
    this.log.push({ step: this.step, actor: this.id, event: 'done' });
    this.gate.set(this.id, Slot.DONE);
  }

  op(actor: number, op: number): void {
    this.activity++;
    this.log.push({ step: this.step, actor, event: 'op', op });
  }
  enter(actor: number, name: string, from: number): void {
    this.activity++;
    this.log.push({ step: this.step, actor, event: 'enter', name, from });
  }
  exit(actor: number, name: string, from: number, to: number): void {
    this.activity++;
    this.log.push({ step: this.step, actor, event: 'exit', name, from, to });
  }
  section(actor: number, name: string, enter: boolean): void {
    this.activity++;
    this.log.push({ step: this.step, actor, event: enter ? 'section-enter' : 'section-exit', name });
  }
  fail(actor: number, message: string): void {
    this.log.push({ step: this.step, actor, event: 'fail', message });
  }

  /** This actor's events of the round not yet sent (plain data for its outcome). */
  trace(): TraceEvent[] {
    return this.log.take();
  }

  private park(label: string | undefined, isYield: boolean): void {
    if (this.gate.free || this.stopped()) {
      // Control has ended: what follows runs freely and is no step of the trace.
      this.log.end();
      return;
    }
    // The same rule as a loop task's (loop-control.ts): a long run of parks at one
    // yield with nothing in between is a wait on a condition.
    if (isYield && this.parkedBefore && this.activity === 0 && this.label === label) {
      if (++this.idleParks % STALL_PARKS === 0) this.gate.stalled(this.id);
    } else this.idleParks = 0;
    this.activity = 0;
    this.label = isYield ? label : undefined;
    this.parkedBefore = isYield;
    this.gate.set(this.id, Slot.PARKED);
    const step = this.gate.waitForGo(this.id, this.stopped);
    if (step === undefined) {
      this.log.end(); // control ended while it waited
      return;
    }
    this.step = step;
    // Released: if this thread's loop comes round before the actor parks again, the
    // actor awaits something else (a timer, I/O, a message), as a loop task that lets
    // a turn pass does (loop-control.ts), and the main thread need not wait for it.
    // A park blocks this thread, so the immediate of a step that parked runs after the
    // next release, and sees a newer step.
    setImmediate(this.waitingCheck, step);
  }

  private readonly waitingCheck = (step: number): void => {
    if (this.step === step && this.gate.state(this.id) === Slot.RUNNING && !this.gate.free) this.gate.set(this.id, Slot.WAITING);
  };
}

/**
 * A judged re-run that is not controlled (a reproduction of a deadlocked mix round,
 * engine/shrink.ts): the scenario's untimed waits on this thread only mark the
 * actor's SLEEP word while they sleep, as a controlled round's do, so the main
 * thread's deadlock judge can tell a worker no thread is left to notify. The actor
 * never parks. Returns the undo.
 */
export function markSleeps(gate: Gate, id: number, ownThreadsMayNotify: () => boolean): () => void {
  const wait = new WaitMark(gate, id, ownThreadsMayNotify);
  setWaitHooks({ blocked: (_what, untimed = false) => wait.begin(untimed), acquired: () => void wait.end() });
  return () => setWaitHooks(undefined);
}
