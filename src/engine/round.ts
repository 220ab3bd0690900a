// One round: fresh shared state, every actor issued in a seeded order, the
// transition rings drained into the ledger while they run, then the quiescent
// checks. Returns plain findings; never throws for what the scenario's ops do.
import { lasting } from '../watch/grade/loop-idle.js';
import { plural } from '../plural.js';
import { describeThrown } from '../thrown.js';
import { isThenable } from '../thenable.js';
import type { Finding } from '../result.js';
import type { Scenario } from '../scenario/types.js';
import { ScenarioError } from '../scenario/errors.js';
import { checkCloneable } from '../scenario/clone.js';
import { LedgerValidator } from '../check/ledger.js';
import { makeChecksum } from '../check/checksum.js';
import { judge } from '../check/invariant.js';
import { actorStreams, seedMathRandom } from '../sched/prng.js';
import { issueOrder } from '../sched/choice.js';
import { loopYield, type YieldOptions } from '../sched/yield.js';
import type { ActorOutcome } from './protocol.js';
import type { Crew } from './crew.js';
import { runActor, exceptionFinding, emptyOutcome } from './actor.js';
import { A, ActorState, CTRL, F, Telemetry, epochNow } from '../shm/telemetry.js';
import { fromLedger, fromRaw, type Namer } from './findings.js';
import { checksAfterOverlap } from './overlap-checks.js';
import type { Plan } from './plan.js';
import { makeRoundInfo } from './round-info.js';
import type { WatchHost } from '../watch/host.js';
import { Phase } from '../shm/control.js';
import type { Gate } from '../shm/gate.js';
import { findMutexes } from '../watch/mutexes.js';
import type { MutexInfo } from '../watch/protocol.js';
import { liftLastDone, readActors, readMutexes } from '../watch/sample.js';
import { computing, waitingOnLoop } from '../watch/grade/progress.js';
import { COMPUTING_NOW_MS, ComputeWatch } from '../watch/compute.js';
import { findCycle } from '../watch/grade/wait-cycle.js';
import { clearSites, recordLabelSite, recordSite } from '../watch/sites.js';
import { LoopIdleMonitor, loopSources, markLoopWait, slowWait } from '../watch/loop-monitor.js';
import { unrefOwn } from '../watch/wake-sources.js';
import { cutOf } from './budget.js';
import { overrunAt } from '../watch/overrun.js';
import { setMutexHooks, setMutexIdCounter } from '../primitives/shared-mutex.js';
import type { RoundSchedule } from '../sched/scheduler.js';
import { annotate, roundControl, type RoundControl } from './control.js';
import { DeadlockJudge } from './deadlock-judge.js';

export interface RoundEnv {
  file: string;
  bundle: string;
  scenario: Scenario;
  scenarioIndex: number;
  plan: Plan;
  telemetry: Telemetry;
  /** The worker actors (undefined when the scenario has none). */
  crew: Crew | undefined;
  yieldOpts: YieldOptions;
  deadlockTimeoutMs: number;
  /** Epoch ms of the budget's end (engine/budget.ts): no op starts at or after it. */
  deadline: number;
  /** An op still running this long after the deadline is an overrun. */
  graceMs: number;
  /** The watchdog's main-thread side (phases, findings); without it a plain no-progress timer. */
  host?: WatchHost;
  /** Stop on the first finding (a watchdog starvation finding then ends the round early). */
  bail?: boolean;
  /** SIGINT or the supervisor asked to stop: actors get a moment to finish their op, then the round is abandoned. */
  stopRequested?: () => boolean;
  /** Persistent state carried across rounds. */
  carry?: { shared: unknown; view: unknown; version: number };
  /** setup()'s value was checked once for structured-cloneability. */
  cloneChecked?: boolean;
  /** The watchdog holds locks of an earlier round (to clear when there are none now). */
  sentMutexes?: boolean;
  /** The worker actors' gate slots for controlled rounds (undefined: no worker actors). */
  gate?: Gate;
  /** What each round runs under (src/sched/schedule.ts); without it every round is mix. */
  scheduleFor?: (round: number) => RoundSchedule;
  /** Loop tasks' transition call sites, this scenario's (engine/actor.ts ActorEnv). */
  transitionSites?: Map<string, string>;
  /**
   * Without the watchdog: judge wait-for cycles and loop tasks nothing can wake on the
   * main thread (engine/deadlock-judge.ts), so a shrink re-run gives those verdicts.
   */
  judgeDeadlocks?: boolean;
  /** The round's schedule and controller, once made: the watchdog's findings of the round are annotated with them (engine/control.ts annotate). */
  onControl?: (c: RoundControl) => void;
}

export interface RoundOutcome {
  findings: Finding[];
  outcomes: ActorOutcome[];
  /** Actors are still stuck: the run cannot go on. */
  stuck: boolean;
  /** ... and the round's own judgement proved them deadlocked (env.judgeDeadlocks): its finding is a verdict, not a timeout. */
  deadlocked?: true;
  /** A controlled round: its scheduling decisions. */
  steps?: number;
  /**
   * Ms from the round's start until its last sized actor finished (0: none is sized).
   * Round sizing measures these, not a side whose opsPerRound is fixed (round-size.ts).
   */
  sizedMs: number;
  /** Ms from the round's start until its actors started (setup and attach: the part of a round that is not its ops). */
  opsAtMs: number;
  /**
   * The budget's cut stopped these actors with planned ops left (engine/budget.ts), and
   * what that left unjudged: ops still running a grace after the budget (the round was
   * ended), or an invariant/verify failure on the shorter round. Neither is a finding.
   */
  cut?: CutRound;
}

export interface CutRound {
  actors: string[];
  /** Ops still running a grace after the budget: the round was ended without them. */
  stillRunning?: { names: string[]; pastMs: number };
  /** invariant or verify failed on the cut round: checks that count may fail on correct code then. */
  check?: { check: string; message: string };
}

const DRAIN_MS = 5;
const PROGRESS_CHECK_MS = 50;
/**
 * After an interrupt, or a finding that ends the run early: how long actors get to
 * finish the op they are in before the round is abandoned (stopping one side early can
 * leave the other waiting forever, e.g. consumers whose producers stopped).
 */
const WIND_DOWN_MS = 1000;

/** `size`: ops per actor this round, for actors whose count is not fixed (engine/round-size.ts). */
export async function runRound(env: RoundEnv, round: number, rSeed: number, size: number): Promise<RoundOutcome> {
  // The round's scenario code on this thread (setup, attach, loop tasks' ops, the
  // checks) sees a Math.random seeded by the round; racecheck's own code between
  // rounds, and the next scenario, see the one there was before.
  const restore = seedMathRandom(rSeed);
  try {
    return await playRound(env, round, rSeed, size);
  } finally {
    restore();
  }
}

async function playRound(env: RoundEnv, round: number, rSeed: number, size: number): Promise<RoundOutcome> {
  const { scenario, plan, telemetry: t, file, host } = env;
  const roundStarted = performance.now();
  const persistent = !!scenario.persistent && env.carry !== undefined;
  // Racecheck's own ref'd handles are all in place now: what the loop waits for
  // beyond these later is the scenario's (the loop-only deadlock check).
  const baseline = process.getActiveResourcesInfo();
  t.resetRound(round, persistent);
  // Locks setup() and the ops make are numbered in the round's telemetry (one counter for every thread).
  setMutexIdCounter(t.i32, CTRL.MUTEX_IDS);
  clearSites();
  host?.phase(Phase.SETUP);

  let shared: unknown;
  let view: unknown;
  // An async setup() or check still pending is judged like a pending task: slow is not
  // stuck, but nothing left that could wake it is (watch/detector.ts phase-stuck).
  // Watched only while pending: a setup() or check that returned at once has nothing to watch.
  const phaseIdle = <T>(fn: () => T | PromiseLike<T>): T | Promise<T> => {
    const r = fn();
    if (!isThenable(r)) return r;
    const p = Promise.resolve(r);
    if (!host?.watching) return p;
    const m = LoopIdleMonitor.forPhase(t, lasting(baseline), host.control);
    return p.finally(() => m.stop());
  };
  if (persistent) ({ shared, view } = env.carry!);
  else {
    try {
      const made = phaseIdle(() => scenario.setup() as unknown);
      shared = made instanceof Promise ? await made : made;
    } catch (e) {
      throw new ScenarioError(file, `setup() threw: ${describeThrown(e).message}`, describeThrown(e).stack);
    }
    if (plan.workers > 0 && !env.cloneChecked) {
      checkCloneable(file, shared);
      env.cloneChecked = true;
    }
    try {
      view = scenario.attach ? scenario.attach(shared) : shared;
    } catch (e) {
      throw new ScenarioError(file, `attach() threw on the main thread: ${describeThrown(e).message}`, describeThrown(e).stack);
    }
  }
  // The round's locks, for whoever judges deadlocks: the watchdog, or (in a re-run) the round itself.
  const judged = !!host?.watching || !!env.judgeDeadlocks;
  const mutexes: MutexInfo[] = judged ? findMutexes(shared, view) : [];
  if (host?.watching) {
    // The round number is in telemetry (CTRL.ROUND); a message is needed only to
    // hand over this round's locks, and messages cost (rounds can be < 1 ms).
    if (mutexes.length > 0 || env.sentMutexes) {
      host.send({ type: 'round', round, roundSeed: rSeed, mutexes });
      env.sentMutexes = mutexes.length > 0;
    }
  }
  if (judged) installTaskHooks(t, plan); // where each task waits: the verdict's stacks
  const opsAtMs = performance.now() - roundStarted;

  const names = new Map<number, string>();
  const sites = new Map<number, string>();
  const namer: Namer = { plan, names, sites, round, roundSeed: rSeed, scenarioFile: file };
  const ledger = new LedgerValidator(persistent ? env.carry!.version : 0);
  const findings: Finding[] = [];
  const drain = () => {
    for (let a = 0; a < plan.actors.length; a++) {
      t.drain(a, (e) => {
        const issue = ledger.add({ actor: a, ...e });
        if (issue) t.stop();
      });
    }
  };

  const checksum = makeChecksum(shared, view, scenario.checksum);
  const collectResults = typeof scenario.verify === 'function';
  const specs = issueOrder(rSeed, plan.actors);

  const control = roundControl(env.scheduleFor?.(round), plan, rSeed, () => t.stopped, env.gate, drain);
  env.onControl?.(control);
  const loop = control.loop;
  host?.control.setRoundOps(size);
  host?.control.setControlled(!!loop);
  host?.phase(Phase.ROUND);
  const running: Promise<ActorOutcome>[] = [];
  const quietThreads = new Set<number>();
  const opFns = plan.opNames.map((n) => scenario.ops[n]!);
  for (const spec of specs) {
    if (spec.kind === 'worker') {
      const outcome = env.crew!.run(spec, {
        type: 'round', round, roundSeed: rSeed, shared, yieldOpts: env.yieldOpts, collectResults, controlled: !!loop,
        ...(env.judgeDeadlocks && !loop ? { marksSleeps: true as const } : {}),
        opsPerRound: spec.sized ? size : spec.opsPerRound, deadline: cutOf(env.deadline, env.graceMs), endBy: env.deadline + env.graceMs,
      }, loop ? (events) => loop.workerTrace(spec.id, events) : undefined);
      // Its thread's report of what the ops left there (a timer, I/O) that may still run:
      // until it has said "nothing", it may wake a loop task (the loop-only deadlock check).
      void outcome.then((o) => {
        if (o.left !== undefined && o.left.length === 0) quietThreads.add(spec.id);
      }, () => undefined);
      running.push(loop ? outcome.then((o) => (loop.workerDone(spec.id, o.trace), o)) : outcome);
    } else {
      const streams = actorStreams(rSeed, spec.id);
      running.push(
        runActor({
          telemetry: t, spec, ops: opFns, view, checksum,
          prng: streams.prng,
          yieldFn: loop ? (label) => loop.park(spec.id, label, true) : loopYield(streams.yields, env.yieldOpts),
          round, roundSeed: rSeed, collectResults, onRingFull: drain, transitionSites: env.transitionSites ??= new Map(),
          opsPerRound: spec.sized ? size : spec.opsPerRound, deadline: cutOf(env.deadline, env.graceMs), endBy: env.deadline + env.graceMs,
          record: (e) => {
            const issue = ledger.add({ actor: spec.id, ...e });
            if (!issue) return;
            loop?.fail(spec.id, `ledger: ${issue.check} at version ${issue.version}`);
            t.stop();
          },
          // Absent fields as undefined, not spread in: one object shape for every actor and round.
          sched: loop,
          site: judged ? (label: string) => recordLabelSite(spec.id, label) : undefined,
        }),
      );
    }
  }

  let sizedMs = 0;
  specs.forEach((spec, i) => {
    if (spec.sized) void running[i]!.then(() => (sizedMs = performance.now() - roundStarted));
  });

  // racecheck's timers are unref'd: only the scenario's handles count as wake-up sources
  // (the pending round itself is kept alive by the process's IPC channel).
  const drainTimer = unrefOwn(setInterval(drain, DRAIN_MS));
  let stuckTimer: NodeJS.Timeout | undefined;
  let unsubscribe: () => void = () => undefined;
  const watched = !!host?.watching;
  const cycle = mutexes.length > 0 ? () => findCycle(readMutexes(mutexes)) !== undefined : undefined;
  const loopBaseline = lasting(baseline);
  const ownHandles = (): readonly string[] => loop?.ownHandles ?? [];
  const idle = watched && plan.tasks > 0 ? new LoopIdleMonitor(t, plan, loopBaseline, host!.control, cycle, (id) => quietThreads.has(id), false, ownHandles) : undefined;
  let overrun: Finding | undefined;
  let stillRunning: CutRound['stillRunning'];
  const cutActors = () => plan.actors.filter((a) => t.get(a.id, A.CUT) === 1).map((a) => a.name);
  const compute = watched ? undefined : new ComputeWatch(t, plan.actors.filter((a) => a.kind === 'worker').map((a) => a.id));
  let deadlocks: DeadlockJudge | undefined;
  let verdict: Finding | undefined;
  const stuck = new Promise<'stuck' | 'abandoned' | 'deadlocked'>((resolve) => {
    if (env.judgeDeadlocks && !watched) {
      deadlocks = new DeadlockJudge({
        telemetry: t, actors: plan.actors, mutexes, baseline,
        ...(loop ? { quiet: () => loop.quiet } : {}),
        ...(env.gate && plan.workers > 0 ? { sleep: { word: (id: number) => env.gate!.sleepWord(id), threadQuiet: (id: number) => quietThreads.has(id), own: ownHandles, tasksParked: () => loop?.tasksParked ?? 0 } } : {}),
        context: { file, opNames: plan.opNames, round, roundSeed: rSeed, deadlockTimeoutMs: env.deadlockTimeoutMs, starvationThresholdMs: Infinity },
        onVerdict: (f) => {
          verdict = f;
          resolve('deadlocked');
        },
      });
    }
    let windingSince = 0;
    const windDown = () => {
      t.stop();
      windingSince ||= epochNow();
    };
    stuckTimer = setInterval(() => {
      if (env.stopRequested?.()) windDown();
      if (windingSince > 0 && epochNow() - windingSince >= WIND_DOWN_MS) resolve('abandoned');
      const at = epochNow();
      // Without the watchdog thread: the plain timeout, no stacks. Past the budget nobody
      // starts ops, so no progress there is no evidence: the grace judges (below).
      // Worker threads that compute (a slow hash on a shared core): slow, not stuck.
      compute?.look(at);
      if (!watched && at < env.deadline) {
        // A callback of the scenario's pending (a slow timer): slow, not stuck (the watchdog's rule).
        if (plan.tasks > 0 && slowWait(loopSources(loopBaseline, ownHandles()))) markLoopWait(t, plan, at);
        if (noProgressFor(t, plan.actors) >= env.deadlockTimeoutMs) {
          const actors = readActors(t, plan.actors);
          if (!waitingOnLoop(at, actors, env.deadlockTimeoutMs) && !computing(at, actors, env.deadlockTimeoutMs)) resolve('stuck');
        }
      }
      if (at >= env.deadline + env.graceMs) {
        const busy = !watched && computing(at, readActors(t, plan.actors), COMPUTING_NOW_MS);
        if (cutActors().length > 0) {
          // The cut's doing, not evidence (the watchdog holds its overrun back too).
          stillRunning = { names: unfinishedRefs(namer, t).map((a) => a.name), pastMs: at - env.deadline };
          resolve('abandoned');
        } else if (!watched && at >= overrunAt(env.deadline, env.graceMs, busy)) {
          // Without the watchdog thread: an op past the budget's grace, no stacks.
          overrun = overrunFinding(namer, t, env.deadline);
          resolve('stuck');
        }
      }
    }, PROGRESS_CHECK_MS);
    unrefOwn(stuckTimer);
    // The watchdog's findings are already on the supervisor's pipe; the scenario adds
    // them to its result. A terminal one (deadlock) means the round can never finish.
    unsubscribe = host?.onMessage((m) => {
      if (m.terminal) resolve('stuck');
      else if (env.bail) windDown();
    }) ?? unsubscribe;
  });
  const all = Promise.all(running);
  const settled = await Promise.race([all, stuck]);
  loop?.close();
  clearInterval(drainTimer);
  clearInterval(stuckTimer);
  unsubscribe();
  idle?.stop();
  deadlocks?.stop();
  setMutexHooks(undefined);
  drain();

  if (settled === 'stuck' || settled === 'abandoned' || settled === 'deadlocked') {
    t.stop();
    loop?.releaseAll();
    host?.control.setControlled(false);
    host?.phase(Phase.ENGINE);
    if (settled === 'deadlocked') {
      findings.push(verdict!);
      annotate(findings, control, plan);
      return { findings, outcomes: countersOf(t, plan), stuck: true, deadlocked: true, sizedMs, opsAtMs };
    }
    if (settled === 'stuck' && !watched) findings.push(overrun ?? deadlockFinding(namer, t, env.deadlockTimeoutMs));
    return { findings, outcomes: countersOf(t, plan), stuck: true, sizedMs, opsAtMs, ...(stillRunning ? { cut: { actors: cutActors(), stillRunning } } : {}) };
  }
  const outcomes = settled;
  for (const o of outcomes) {
    for (const [h, n, site] of o.names) {
      names.set(h, n);
      if (site && !sites.has(h)) sites.set(h, site);
    }
  }
  const ledgerIssue = ledger.finish();
  if (ledgerIssue) {
    host?.phase(Phase.CHECKS);
    const info = () => makeRoundInfo(round, rSeed, plan.opNames, outcomes);
    findings.push(fromLedger(namer, ledgerIssue, await phaseIdle(() => checksAfterOverlap(ledgerIssue, scenario, view, info, namer))));
  }
  for (const o of outcomes) for (const raw of o.findings) findings.push(fromRaw(namer, raw));

  let cut: CutRound | undefined;
  if (findings.length === 0) {
    host?.phase(Phase.CHECKS);
    const info = makeRoundInfo(round, rSeed, plan.opNames, outcomes);
    let check = phaseIdle(() => judge('invariant', () => scenario.invariant?.(view as never), namer));
    if (check instanceof Promise) check = await check;
    if (!check) {
      check = phaseIdle(() => judge('verify', () => scenario.verify?.(view as never, info), namer));
      if (check instanceof Promise) check = await check;
    }
    const cutBy = check ? cutActors() : [];
    if (check && cutBy.length > 0) cut = { actors: cutBy, check: { check: check.check, message: check.message } };
    else if (check) findings.push(check);
  }
  host?.phase(Phase.ENGINE);
  host?.control.setControlled(false);
  annotate(findings, control, plan);
  if (scenario.persistent) env.carry = { shared, view, version: ledger.nextVersion };
  return { findings, outcomes, stuck: false, sizedMs, opsAtMs, ...(loop ? { steps: loop.steps } : {}), ...(cut ? { cut } : {}) };
}

/**
 * Loop tasks' SharedMutex waits: where each task waits (a pending task has no stack
 * of its own), their lock-wait times and failed tryLocks. The main thread is the only
 * writer of the task actors' telemetry words.
 */
function installTaskHooks(t: Telemetry, plan: Plan): void {
  const isTask = (id: number) => plan.actors[id]?.kind === 'task';
  setMutexHooks({
    waitStart: (id, m) => {
      if (isTask(id)) recordSite(id, `waiting for lock "${m.name}"`);
    },
    waitEnd: (id, ms) => {
      if (isTask(id)) t.recordLockWait(id, ms);
    },
    tryFailed: (id) => {
      if (isTask(id)) t.add(id, A.RETRIES);
    },
  });
}

/** An abandoned round's outcomes: what the telemetry counted (no results, no per-op counts). */
function countersOf(t: Telemetry, plan: Plan): ActorOutcome[] {
  return plan.actors.map((a) => ({
    ...emptyOutcome(a.id, plan.opNames.length),
    ops: t.get(a.id, A.OPS), transitions: t.get(a.id, A.TRANSITIONS), yields: t.get(a.id, A.YIELDS),
  }));
}

/**
 * Milliseconds since any actor last completed an op, finished ones included (0 if all
 * are done): the watchdog's rule (watch/grade/progress.ts noProgressMs).
 */
function noProgressFor(t: Telemetry, actors: Plan['actors']): number {
  const now = epochNow();
  let last = 0;
  let unfinished = false;
  for (const a of liftLastDone(t, now, readActors(t, actors))) {
    if (a.state !== ActorState.DONE && a.state !== ActorState.FAILED) unfinished = true;
    last = Math.max(last, a.lastDoneAt);
  }
  return unfinished && last > 0 ? now - last : 0;
}

/** Actors still inside an op, as a report names them. */
function unfinishedRefs(n: Namer, t: Telemetry): Finding['actors'] {
  const now = epochNow();
  return n.plan.actors
    .filter((s) => {
      const st = t.get(s.id, A.STATE);
      return st !== ActorState.DONE && st !== ActorState.FAILED;
    })
    .map((s) => {
      const op = t.get(s.id, A.OP) - 1;
      const label = t.label(s.id);
      const started = t.getF(s.id, F.OP_STARTED);
      return {
        name: s.name,
        kind: s.kind,
        ...(op >= 0 ? { op: n.plan.opNames[op] } : {}),
        ...(label ? { label } : {}),
        stuckMs: started > 0 ? Math.round(now - started) : undefined,
      };
    });
}

function deadlockFinding(n: Namer, t: Telemetry, timeoutMs: number): Finding {
  const actors = unfinishedRefs(n, t);
  return {
    kind: 'deadlock',
    check: 'deadlock',
    message: `no actor completed an op for ${timeoutMs} ms; ${plural(actors.length, 'actor')} stuck`,
    actors,
    round: n.round,
    roundSeed: n.roundSeed,
  };
}

function overrunFinding(n: Namer, t: Telemetry, deadline: number): Finding {
  const actors = unfinishedRefs(n, t);
  const past = Math.round(epochNow() - deadline);
  return {
    kind: 'error',
    check: 'overrun',
    message: `${plural(actors.length, 'op')} still running ${past} ms after the budget ended (stuck past the budget; no deadlock evidence)`,
    actors,
    round: n.round,
    roundSeed: n.roundSeed,
  };
}
