// A round's own deadlock verdict when no watchdog thread watches it (a shrink
// re-run, engine/shrink.ts): the watchdog's structural graders, run on the main
// thread, and only those. A wait-for cycle over SharedMutex words that holds,
// unchanged, for the watchdog's confirmation window, and loop tasks pending with
// nothing left that could wake them (watch/loop-monitor.ts) are facts of the
// state: a slow round never shows them, so a re-run can give them as soon as they
// hold. The timing verdicts (no progress for the deadlock timeout, livelock,
// unfairness, a blocked loop) stay off: a re-run has neither the time to wait for
// them nor a thread that sees a blocked main thread.
//
// Worker actors asleep in an untimed Atomics.wait with no thread left that could
// notify them (every other worker asleep too or done, nothing of the scenario's on the
// main thread) are a fact of the state as well: only another thread ends such a wait.
// The wait hooks of a controlled round say who sleeps (shm/gate.ts SLEEP).
//
// Under a controlled schedule one more condition holds first: the controller has had
// nobody to release for QUIET_MS (LoopControl.quiet). A parked task waits for the
// scheduler, not on a deadlock.
import { lasting } from '../watch/grade/loop-idle.js';
import type { Finding } from '../result.js';
import { Control, Phase, epochNow } from '../shm/control.js';
import type { Telemetry } from '../shm/telemetry.js';
import { Detector, configFor, type Decision } from '../watch/detector.js';
import { buildFinding, type Evidence, type FindingContext } from '../watch/findings.js';
import { findCycle } from '../watch/grade/wait-cycle.js';
import { LoopIdleMonitor } from '../watch/loop-monitor.js';
import type { MutexInfo, WatchActor } from '../watch/protocol.js';
import { readActors, takeSample, type Sample } from '../watch/sample.js';
import { unrefOwn } from '../watch/wake-sources.js';
import { A, ActorState } from '../shm/telemetry.js';
import { loopSources } from '../watch/loop-monitor.js';
import { dumpSites } from '../watch/sites.js';

/** The watchdog's graders with every timing verdict off: only a wait-for cycle and loop-idle can fire. */
export const STRUCTURAL = configFor(Infinity, Infinity, true, Infinity, Infinity);
/** Under control: how long the controller must have had nobody to release before any evidence counts. */
export const QUIET_MS = 100;
const CHECK_MS = 20;
/** Sleepers, finished workers and the main thread's sources must hold unchanged this long (a notify already sent lands far sooner). */
export const ASLEEP_STEADY_MS = 100;

type Structural = Extract<Decision, { type: 'wait-cycle' | 'loop-idle' | 'asleep' }>;

/** The decisions that are facts of the state, not of time. */
export function isStructural(d: Decision): d is Structural {
  switch (d.type) {
    case 'wait-cycle':
    case 'loop-idle':
    case 'asleep':
      return true;
    case 'main-stuck':
    case 'phase-stuck':
    case 'loop-blocked':
    case 'livelock':
    case 'no-progress':
    case 'unfair':
    case 'overrun':
      return false;
    default: {
      const never: never = d;
      throw new Error(`unknown decision ${JSON.stringify(never)}`);
    }
  }
}

/**
 * What a sample may show the graders. `quietSince`: undefined in a free-running
 * round (no condition); else since when the controller has had nobody to release
 * (0: it has someone now). Until that has held QUIET_MS, no evidence.
 *
 * Stricter than the watchdog: a wait-for cycle counts only among tasks nothing can
 * wake (SharedMutex.unlock() does not check the owner, so code that could still run,
 * a timer, could break it). Such tasks are in both verdicts; the cycle says more,
 * so while there is one the idle loop waits for the cycle's own confirmation.
 */
export function evidence(s: Sample, quietSince: number | undefined): Sample {
  const blank = { ...s, loopIdleSince: 0, mutexes: [] };
  if (quietSince !== undefined && (quietSince === 0 || s.at - quietSince < QUIET_MS)) return blank;
  if (s.loopIdleSince === 0) return blank;
  return findCycle(s.mutexes) ? { ...s, loopIdleSince: 0 } : s;
}


export interface JudgeOptions {
  telemetry: Telemetry;
  actors: readonly WatchActor[];
  /** The round's SharedMutexes (watch/mutexes.ts findMutexes). */
  mutexes: readonly MutexInfo[];
  /** process.getActiveResourcesInfo() before the round: racecheck's own handles. */
  baseline: readonly string[];
  /** A controlled round's controller: nobody can be released (sched/loop-control.ts). */
  quiet?: () => boolean;
  context: FindingContext;
  onVerdict: (f: Finding) => void;
  /** Worker actors' untimed sleeps (shm/gate.ts SLEEP); absent: no worker actors, no such verdict. */
  sleep?: SleepView;
}

/** What the round knows of its worker actors' sleeps and threads. */
export interface SleepView {
  /** The actor's SLEEP word: odd while it sleeps in an untimed Atomics.wait no thread of its own can end. */
  word: (id: number) => number;
  /** A finished worker actor's thread said nothing of the scenario's is left there to run. */
  threadQuiet: (id: number) => boolean;
  /** racecheck's own handles held now beyond the round's baseline (loopSources). */
  own: () => readonly string[];
  /** Loop tasks parked at a scheduling point, which the controller can still release (sched/loop-control.ts). */
  tasksParked: () => number;
}

/** Samples the round every CHECK_MS until a structural deadlock holds; reports it once. */
export class DeadlockJudge {
  private readonly control = Control.create();
  private readonly detector = new Detector(STRUCTURAL);
  private readonly idle: LoopIdleMonitor | undefined;
  private readonly timer: NodeJS.Timeout;
  private quietSince = 0;
  private done = false;
  private asleepSince = 0;
  private asleepKey = '';

  constructor(private readonly o: JudgeOptions) {
    // A private control block: the watchdog never sees this round, and the graders
    // judge only phase ROUND. The main thread samples itself, so it is never "blocked".
    this.control.setPhase(Phase.ROUND);
    this.idle = o.actors.some((a) => a.kind === 'task') ? new LoopIdleMonitor(o.telemetry, o, lasting(o.baseline), this.control) : undefined;
    this.timer = unrefOwn(setInterval(() => this.check(), CHECK_MS));
  }

  stop(): void {
    this.done = true;
    clearInterval(this.timer);
    this.idle?.stop();
  }

  private check(): void {
    if (this.done) return;
    const { o } = this;
    const now = epochNow();
    let quietSince: number | undefined;
    if (o.quiet) {
      if (!o.quiet()) this.quietSince = 0;
      else this.quietSince ||= now;
      quietSince = this.quietSince;
    }
    const s = takeSample(now, this.control, o.telemetry, o.actors, o.mutexes, now);
    const d = this.detector.step(evidence(s, quietSince)).find(isStructural) ?? this.asleep(now);
    if (!d) return;
    this.stop();
    const labelled: Sample = { ...s, actors: readActors(o.telemetry, o.actors, true) };
    o.onVerdict(buildFinding(d, labelled, siteEvidence(d, labelled, dumpSites()), o.context));
  }

  /**
   * Worker actors asleep that no thread is left to wake: each worker actor sleeps in an
   * untimed Atomics.wait with no thread of its own that could notify it (the SLEEP word,
   * set by the wait hooks in a controlled round: sched/worker-gate.ts), or is done with
   * a thread that said nothing of the scenario's is left there; at least one sleeps; and
   * the main thread holds nothing of the scenario's that could run (no timer, I/O, port,
   * thread or hidden source: watch/loop-monitor.ts loopSources), so a loop task still
   * pending cannot run either. Only another thread can end an untimed wait, and none is
   * left: a fact of the state, taken once it has held unchanged for ASLEEP_STEADY_MS.
   */
  private asleep(now: number): Structural | undefined {
    const { o } = this;
    const w = o.sleep;
    const none = () => {
      this.asleepSince = 0;
      return undefined;
    };
    // A loop task parked at a scheduling point can still run (and notify): none may be.
    if (!w || w.tasksParked() > 0) return none();
    const sleepers: number[] = [];
    const pending: number[] = [];
    let key = '';
    for (const a of o.actors) {
      const state = o.telemetry.get(a.id, A.STATE);
      const finished = state === ActorState.DONE || state === ActorState.FAILED;
      if (a.kind === 'worker') {
        const word = w.word(a.id);
        if ((word & 1) === 1) sleepers.push(a.id);
        else if (!finished || !w.threadQuiet(a.id)) return none();
        key += `${word},`;
      } else {
        if (!finished) pending.push(a.id);
        key += `${o.telemetry.get(a.id, A.OPS) + o.telemetry.get(a.id, A.YIELDS) + o.telemetry.get(a.id, A.LABEL_LEN)},`;
      }
    }
    if (sleepers.length === 0 || loopSources(lasting(o.baseline), w.own()).length > 0) return none();
    if (this.asleepSince === 0 || key !== this.asleepKey) {
      this.asleepSince = now;
      this.asleepKey = key;
      return undefined;
    }
    const forMs = now - this.asleepSince;
    return forMs >= ASLEEP_STEADY_MS ? { type: 'asleep', actors: [...sleepers, ...pending], forMs } : undefined;
  }
}

/**
 * A pending loop task has no stack: as the watchdog does, the report shows where it
 * last stood (its last ctx.label, or the SharedMutex.lock() it waits in: watch/sites.ts).
 */
function siteEvidence(d: Structural, s: Sample, sites: Record<string, string>): Evidence {
  const ids = d.type === 'wait-cycle' ? d.cycle.map((c) => c.actor) : d.actors;
  const ev: Evidence = { actors: new Map(), lockWaits: new Map() };
  for (const id of ids.filter((x) => s.actors[x]?.kind === 'task')) {
    const site = sites[String(id)];
    ev.actors.set(id, site ? { stack: site } : { note: 'pending on a promise (a loop task that is not running has no stack; its last ctx.label is shown)' });
  }
  return ev;
}
