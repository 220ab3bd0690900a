// The watchdog's judgement, sample by sample: which graders fire, in which order, and
// at most once each per round. Pure state over samples (no clocks, no I/O), so every
// rule is unit-tested with synthetic samples.
import { Phase } from '../shm/control.js';
import { isStarted, isUnfinished, type Sample } from './sample.js';
import { overrunAt } from './overrun.js';
import { COMPUTING_NOW_MS } from './compute.js';
import { computing, livelock, noProgressMs, pastOf, unfair, waitingOnLoop, type Past } from './grade/progress.js';
import { cycleKey, findCycle, type CycleStep } from './grade/wait-cycle.js';

/** How many times the watchdog's own lateness a fairness window grows by (see step()). */
const NOISE_WINDOW_FACTOR = 4;

export interface DetectorConfig {
  /** No op completed by anyone for this long: deadlock. Also the limit for a blocked main thread and a stalled setup/check. */
  deadlockTimeoutMs: number;
  /** Main event loop blocked this long during a round: starvation. */
  starvationThresholdMs: number;
  /** Fairness and livelock window. */
  windowMs: number;
  /** A wait-for cycle must hold, unchanged and without progress, this long (its words are read one by one). */
  cycleConfirmMs: number;
  /** Limit for a blocked main thread while racecheck itself or the scenario's import runs. */
  slowPhaseMs: number;
  /**
   * Stop at the first finding: after one, the round winds down (actors stop, then it is
   * abandoned) and only a main thread that never comes back is still worth a report.
   */
  bail: boolean;
  /** Epoch ms of the budget's end and the grace after it: an op running past both is an overrun. */
  deadline: number;
  graceMs: number;
}

export const configFor = (deadlockTimeoutMs: number, starvationThresholdMs: number, bail = true, deadline = Infinity, graceMs = deadlockTimeoutMs): DetectorConfig => ({
  deadlockTimeoutMs,
  starvationThresholdMs,
  windowMs: Math.max(deadlockTimeoutMs / 2, starvationThresholdMs),
  cycleConfirmMs: 100,
  slowPhaseMs: Math.max(deadlockTimeoutMs, 5000),
  bail,
  deadline,
  graceMs,
});

export type Decision =
  | { type: 'main-stuck'; blockedMs: number; phase: number; actors: number[] }
  /**
   * setup() or a check pending with the main thread free: `idle`, nothing is left that
   * could wake it (certain); else it ran past the budget and its grace (the contract).
   */
  | { type: 'phase-stuck'; phase: number; forMs: number; idle?: boolean }
  | { type: 'loop-blocked'; blockedMs: number }
  | { type: 'wait-cycle'; cycle: CycleStep[] }
  | { type: 'loop-idle'; actors: number[]; forMs: number }
  /**
   * Worker actors asleep in an untimed Atomics.wait (shm/gate.ts SLEEP), every other
   * worker actor done with a quiet thread, and nothing of the scenario's left on the main
   * thread: no thread is left that could notify them. `actors`: the sleepers, then the
   * loop tasks still pending. Given by a round's own judgement (engine/deadlock-judge.ts).
   */
  | { type: 'asleep'; actors: number[]; forMs: number }
  | { type: 'livelock'; actors: number[]; spins: number; windowMs: number }
  | { type: 'no-progress'; actors: number[]; forMs: number }
  | { type: 'unfair'; actors: number[]; othersOps: number; others: number; windowMs: number }
  /** Ops still running a grace period after the budget ended, with no deadlock evidence. */
  | { type: 'overrun'; actors: number[]; pastMs: number; computing: number[] };

/** Terminal decisions mean the round cannot finish: the main thread abandons it (or the watchdog ends the run). */
export function isTerminal(d: Decision): boolean {
  switch (d.type) {
    case 'main-stuck':
    case 'phase-stuck':
    case 'wait-cycle':
    case 'loop-idle':
    case 'asleep':
    case 'livelock':
    case 'no-progress':
    case 'overrun':
      return true;
    case 'loop-blocked':
    case 'unfair':
      return false;
    default: {
      const never: never = d;
      throw new Error(`unknown decision ${JSON.stringify(never)}`);
    }
  }
}

export class Detector {
  private round = -1;
  private history: Past[] = [];
  private reported = new Set<Decision['type']>();
  private terminal = false;
  private cycle: { key: string; since: number; ops: number[] } | undefined;
  /** Heartbeat value of the blocked-loop episode already reported. */
  private blockedBeat = -1;
  private phaseStuckAt = -1;

  constructor(readonly cfg: DetectorConfig) {}

  /**
   * The same blocked-loop episode may fire again on the next sample: the evidence was
   * not yet enough (watch/cpu.ts judgeStall), and a real block keeps growing.
   */
  lookAgain(): void {
    this.reported.delete('loop-blocked');
    this.blockedBeat = -1;
  }

  /**
   * Takes back a main-stuck decision the watchdog found no evidence for (watch/cpu.ts
   * judgeStall, or a main thread that resumed): the round goes on being judged.
   */
  retract(type: 'main-stuck'): void {
    if (this.reported.delete(type)) this.terminal = false;
  }

  /** Lets a decision fire again this round (the watchdog found nothing to blame). */
  forget(type: Decision['type']): void {
    if (!isTerminal({ type } as Decision)) this.reported.delete(type);
  }

  get done(): boolean {
    return this.terminal;
  }

  /**
   * `noiseMs`: how late the watchdog's own timer has been lately. A main thread
   * that misses its heartbeat by less than the threshold plus that is what a loaded
   * machine does to correct code (a spawn waiting for a descheduled child to exec, a
   * thread runnable but not run); a real block keeps growing past it.
   */
  step(s: Sample, noiseMs = 0): Decision[] {
    if (s.round !== this.round) this.newRound(s.round);
    if (this.terminal) return [];
    const out: Decision[] = [];
    const fire = (d: Decision) => {
      if (this.reported.has(d.type)) return;
      this.reported.add(d.type);
      out.push(d);
      if (isTerminal(d)) this.terminal = true;
    };
    const { cfg } = this;
    const stale = s.at - s.heartbeat;
    const userPhase = s.phase === Phase.ROUND || s.phase === Phase.SETUP || s.phase === Phase.CHECKS;
    if (stale >= (userPhase ? cfg.deadlockTimeoutMs : cfg.slowPhaseMs)) {
      const actors = s.phase === Phase.ROUND ? s.actors.filter((a) => isUnfinished(a) && isStarted(a)).map((a) => a.id) : [];
      fire({ type: 'main-stuck', blockedMs: stale, phase: s.phase, actors });
      return out;
    }
    // A slow setup() or check is no verdict (a server to start, a pool to drain): one
    // pending for the deadlock timeout is stuck when nothing is left that could wake it
    // (loop-monitor.ts, forPhase), else once it ran past the budget and its grace (a
    // replay has no budget: the slow-phase limit), which every run must end within.
    if ((s.phase === Phase.SETUP || s.phase === Phase.CHECKS) && s.at - s.phaseSince >= cfg.deadlockTimeoutMs && s.phaseSince !== this.phaseStuckAt) {
      const idle = s.loopIdleSince > 0;
      const limit = Number.isFinite(cfg.deadline) ? s.at >= cfg.deadline + cfg.graceMs : s.at - s.phaseSince >= cfg.slowPhaseMs;
      if (idle || limit) {
        this.phaseStuckAt = s.phaseSince;
        fire({ type: 'phase-stuck', phase: s.phase, forMs: s.at - s.phaseSince, idle });
        return out;
      }
    }
    if (s.phase !== Phase.ROUND || (this.cfg.bail && this.reported.size > 0)) return out;

    if (stale >= cfg.starvationThresholdMs + noiseMs && s.heartbeat !== this.blockedBeat) {
      this.blockedBeat = s.heartbeat;
      fire({ type: 'loop-blocked', blockedMs: stale });
    }
    this.judgeCycle(s, fire);
    // The budget's cut stopped an actor with planned ops left (engine/budget.ts): what
    // still runs may wait for ops that never started, or spin on a flag they would have
    // set. Idle waits, spinning and unfairness are the cut's doing then, not evidence;
    // the main thread ends such a round a grace after the budget, with a warning.
    const cut = s.actors.some((a) => a.cut);
    if (!this.terminal && !cut && s.loopIdleSince > 0) {
      const actors = s.actors.filter((a) => a.kind === 'task' && isUnfinished(a)).map((a) => a.id);
      if (actors.length > 0) fire({ type: 'loop-idle', actors, forMs: s.at - s.loopIdleSince });
    }
    if (!this.terminal && !cut) {
      // A thread the OS did not run looks like one that cannot make progress: on a
      // loaded machine the fairness windows stretch with the noise too.
      // Spinning while a callback of the scenario's is pending (a producer's slow timer
      // or request the spinner waits for) is waiting, not a livelock.
      const window = cfg.windowMs + NOISE_WINDOW_FACTOR * noiseMs;
      const l = livelock(s, this.history, window);
      if (l && !waitingOnLoop(s.at, s.actors, window)) fire({ type: 'livelock', ...l });
    }
    // Past the budget, an op that has not ended is judged by the grace (below): nobody
    // starts ops any more, so "no progress" there is the budget's doing, not evidence.
    // Nor is it while a callback of the scenario's was pending within the timeout (a
    // timer, a socket): a slow op; one that never ends is an overrun past the grace.
    if (!this.terminal && s.at < cfg.deadline) {
      const forMs = noProgressMs(s);
      const window = cfg.deadlockTimeoutMs + noiseMs;
      if (forMs >= cfg.deadlockTimeoutMs && !waitingOnLoop(s.at, s.actors, window) && !computing(s.at, s.actors, window)) {
        fire({ type: 'no-progress', forMs, actors: s.actors.filter((a) => isUnfinished(a) && isStarted(a)).map((a) => a.id) });
      }
    }
    // PCT holds low-priority tasks back for a whole round by design (and a worker
    // waiting on a lock a held task owns with them): no fairness verdict then.
    if (!this.terminal && !s.controlled && !cut) {
      const u = unfair(s, this.history, cfg.windowMs + NOISE_WINDOW_FACTOR * noiseMs);
      if (u) fire({ type: 'unfair', ...u });
    }
    // Last: the deadlock graders above had their say; what is left past the grace is
    // reported as what it is known to be, an op that did not end in time (unless cut, above).
    if (!this.terminal && s.at >= cfg.deadline + cfg.graceMs && !cut) {
      const actors = s.actors.filter((a) => isUnfinished(a) && isStarted(a)).map((a) => a.id);
      const busy = s.actors.filter((a) => actors.includes(a.id) && computing(s.at, [a], COMPUTING_NOW_MS + noiseMs)).map((a) => a.id);
      if (actors.length > 0 && s.at >= overrunAt(cfg.deadline, cfg.graceMs, busy.length > 0)) {
        fire({ type: 'overrun', actors, pastMs: s.at - cfg.deadline, computing: busy });
      }
    }
    this.history.push(pastOf(s));
    const keep = s.at - 2 * (cfg.windowMs + NOISE_WINDOW_FACTOR * noiseMs);
    while (this.history.length > 2 && this.history[0]!.at < keep) this.history.shift();
    return out;
  }

  private judgeCycle(s: Sample, fire: (d: Decision) => void): void {
    const c = findCycle(s.mutexes);
    if (!c) {
      this.cycle = undefined;
      return;
    }
    const key = cycleKey(c);
    const ops = c.map((step) => s.actors[step.actor]?.ops ?? -1);
    if (!this.cycle || this.cycle.key !== key || ops.some((n, i) => n !== this.cycle!.ops[i])) {
      this.cycle = { key, since: s.at, ops };
      return;
    }
    if (s.at - this.cycle.since >= this.cfg.cycleConfirmMs) fire({ type: 'wait-cycle', cycle: c });
  }

  private newRound(round: number): void {
    this.round = round;
    this.history = [];
    this.reported.clear();
    this.terminal = false;
    this.cycle = undefined;
  }
}
