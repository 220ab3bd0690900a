// Runs one scenario inside the run process: the worker pool, the rounds within
// the budget, and the scenario's result. Events go out as they happen so the
// supervisor keeps them even if the process dies mid-round.
import type { Piscina } from 'piscina';
import type { Finding, FindingKind, RunSettings, ScenarioRecord, SideSummary } from '../result.js';
import { failsRun } from '../report/status.js';
import type { Scenario } from '../scenario/types.js';
import { ScenarioError } from '../scenario/errors.js';
import { roundSeed } from '../sched/round-seed.js';
import type { RunEvent } from './protocol.js';
import { Crew } from './crew.js';
import { WORKER_LOAD_LIMIT_MS, withinLoadLimit } from './load-limit.js';
import { opsInRound, planActors, type Plan } from './plan.js';
import { Telemetry, epochNow } from '../shm/telemetry.js';
import { Gate } from '../shm/gate.js';
import { runRound, type RoundEnv, type CutRound } from './round.js';
import { replayCommand } from '../replay.js';
import { collapseSimilar } from '../check/collapse.js';
import type { WatchHost } from '../watch/host.js';
import { Phase } from '../shm/control.js';
import { annotate, roundScheduler, type RoundControl } from './control.js';
import { SLOW_MARGIN, deadlineOf, graceMs } from './budget.js';
import { RoundSizer } from './round-size.js';
import { listenThreadErrors, type ThreadError } from './thread-errors.js';
import { afterFinding, rerunJudges, SHRINK_DEADLOCK_MS } from './shrink.js';
import { ownSince, settleWindow } from './settle.js';
import { ownSources } from '../watch/wake-sources.js';
import { formatDuration } from '../duration.js';
import { plural } from '../plural.js';

export interface ScenarioJob {
  file: string;
  bundle: string;
  scenario: Scenario;
  scenarioIndex: number;
  /** More than one scenario in the file: the replay command names this one. */
  named: boolean;
  seed: number;
  settings: RunSettings;
  emit: (e: RunEvent) => void;
  /** The round in flight, for a crash report (engine/round-beacon.ts). */
  markRound?: (round: number, roundSeed: number, opsPerRound: number) => void;
  /** Set by SIGINT / the supervisor: finish the round, then report. */
  stopRequested: () => boolean;
  /** The watchdog's main-thread side. */
  host?: WatchHost;
  /** --fail-on: the kinds whose findings end the run under bail (the verdict itself is the supervisor's). */
  failOn?: readonly FindingKind[];
  /** The file's last scenario: its threads end with the run process (see the end of runScenario). */
  last?: boolean;
}

// A CommonJS shim that import()s worker/entry.js: see worker/load.cts.
const WORKER_ENTRY = new URL('../worker/load.cjs', import.meta.url);

/** Live state for process-level handlers (uncaught errors land in the current round). */
export const live: {
  telemetry?: Telemetry; uncaught: Finding[]; round: number; roundSeed: number;
  /** A worker thread could not be terminated (stuck in a native call): the process cannot exit normally. */
  threadsStuck?: boolean;
} = {
  uncaught: [],
  round: 0,
  roundSeed: 0,
};

/**
 * A pool of exactly `workers` threads, booting at once (piscina creates minThreads
 * eagerly). piscina is imported here, on first use: a loop-only scenario never pays for it.
 */
export async function createPool(workers: number): Promise<Piscina> {
  const { Piscina } = await import('piscina');
  // Its threads and ports are racecheck's own, not sources of a late error (engine/settle.ts).
  return ownSources(() => new Piscina({
    filename: WORKER_ENTRY.href,
    minThreads: workers,
    maxThreads: workers,
    concurrentTasksPerWorker: 1,
    // Nine V8 heaps share the process; left alone, V8 grows each worker's young
    // generation after a while (+20 MB per thread, seen as a +45 MB RSS step
    // near 60 s). Capped, peak RSS stays flat with no loss of ops/s (BENCHMARKS.md).
    resourceLimits: { maxYoungGenerationSizeMb: 8 },
    // The pool lives as long as its scenario (one session task per actor); an
    // idle-reaping timer would only be one more unref'd handle (watch/wake-sources.ts).
    idleTimeout: Infinity,
  }));
}

/** The worker actors' threads and sessions, all up (round 1 then runs every worker actor at once). */
/**
 * A pool with one thread per worker actor of `actors` (the run's plan's, or a shrink
 * candidate's: its ids are the run's first ones, engine/shrink.ts), each thread's
 * session started; the telemetry and gate are laid out for the run's plan.
 */
async function startCrew(job: ScenarioJob, plan: Plan, telemetry: Telemetry, gate: Gate, own: string[], actors: Plan['actors'] = plan.actors): Promise<Crew> {
  const workers = actors.filter((a) => a.kind === 'worker');
  const before = process.getActiveResourcesInfo();
  const pool = await createPool(workers.length);
  const starting = ownSources(() => Crew.start(
    pool,
    { bundle: job.bundle, scenarioIndex: job.scenarioIndex, telemetry: telemetry.sab, actorCount: plan.actors.length, opNames: plan.opNames, gate: gate.sab },
    workers,
  ));
  own.push(...ownSince(before));
  // Threads boot and import side by side and share the CPUs: the limit grows with their number.
  return withinLoadLimit(starting, job.file, 'importing the scenario on a worker thread', WORKER_LOAD_LIMIT_MS + 500 * workers.length,
    () => pool.threads.map((w) => w.threadId));
}

/** What the scenario's run saw; the supervisor builds its result (src/report/build.ts). */
export async function runScenario(job: ScenarioJob): Promise<ScenarioRecord> {
  const { settings, scenario } = job;
  const plan = planActors(scenario, settings);
  // A run with nobody to run proves nothing: it is a usage error, never a pass.
  if (plan.actors.length === 0) {
    throw new ScenarioError(job.file, `scenario "${scenario.name}" has no actors to run (0 workers, 0 tasks): give --workers or --tasks (or the scenario's workers/tasks count) a value above 0`);
  }
  const telemetry = Telemetry.create(plan.actors.length);
  live.telemetry = telemetry;
  const started = performance.now();
  const gate = plan.workers > 0 ? Gate.create(plan.actors.length) : undefined;
  /** The pool's resources: racecheck's own (engine/settle.ts). */
  const own: string[] = [];
  const crew = gate ? await startCrew(job, plan, telemetry, gate, own) : undefined;
  const effective: RunSettings = { ...settings, workers: plan.workers, tasks: plan.tasks };
  job.emit({ type: 'start', file: job.file, scenario: scenario.name, seed: job.seed, settings: effective, ...(plan.fixed.workers || plan.fixed.tasks ? { fixed: plan.fixed } : {}) });

  const host = job.host;
  const single = settings.round !== undefined;
  // The budget runs from here: pool start-up is not the scenario's time.
  const t0 = performance.now();
  const deadline = deadlineOf(settings, epochNow());
  const grace = graceMs(settings);
  host?.resetEventLoop();
  host?.send({
    type: 'scenario',
    info: {
      file: job.file, scenario: scenario.name, named: job.named, seed: job.seed, settings: effective, telemetry: telemetry.sab,
      actors: plan.actors.map((a) => ({ id: a.id, name: a.name, kind: a.kind })), opNames: plan.opNames,
      startedAt: epochNow(), deadline, graceMs: grace,
    },
  });
  const env: RoundEnv = {
    deadline, graceMs: grace,
    file: job.file, bundle: job.bundle, scenario, scenarioIndex: job.scenarioIndex, plan, telemetry, crew, ...(gate ? { gate } : {}),
    yieldOpts: { maxUs: settings.yieldMaxUs, turns: settings.yieldTurns },
    deadlockTimeoutMs: settings.deadlockTimeoutMs,
    bail: settings.bail, stopRequested: job.stopRequested,
    ...(host ? { host } : {}),
  };
  const schedules = roundScheduler(settings, plan);
  env.scheduleFor = schedules.forRound;
  // The round in flight's schedule and controller: the watchdog's findings get its token and trace.
  let control: RoundControl | undefined;
  env.onControl = (c) => (control = c);
  // Errors raised on pool threads between tasks (engine/thread-errors.ts): kept with
  // the worker actor and the round whose op left them behind.
  const stopListening = plan.workers > 0 ? listenThreadErrors((e) => live.uncaught.push(threadErrorFinding(job, plan, e))) : () => undefined;
  const sides = new Map<'worker' | 'task', SideSummary>();
  for (const a of plan.actors) {
    const s = sides.get(a.kind) ?? { kind: a.kind, actors: 0, ops: 0, transitions: 0, yields: 0, maxOpMs: 0 };
    s.actors++;
    sides.set(a.kind, s);
  }
  const findings: Finding[] = [];
  const warnings: string[] = [];
  let rounds = 0;
  let ops = 0;
  let stuck = false;
  let firstFindingRound: number | undefined;
  const sizer = new RoundSizer(settings.opsPerRound, settings.durationMs);
  /** Ops per actor of each round that has a finding (its replay carries the size). */
  const sizes = new Map<number, number>();
  const replayOf = (r: number | undefined, schedule?: string) =>
    replayCommand(job, r !== undefined && sizes.has(r) ? { ...effective, opsPerRound: sizes.get(r)!, opsFixed: true } : effective, r, schedule);
  let firstReplay: string | undefined;
  let followedUp = false;
  let lastProgress = t0;
  /**
   * The slowest round so far per op it ran (its ops and checks, not its setup): what a
   * next round's ops may take. Per op of the whole round, not per op of a sized actor:
   * a side that fixes its opsPerRound runs them in a round of 1 op per actor too.
   */
  let slowestPerOpMs = 0;
  /** The last round's setup and attach: a first setup that starts a server does not say the next one will. */
  let lastSetupMs = 0;
  let lastSummary = 0;
  for (let r = single ? settings.round! : 1; ; r++) {
    const elapsed = performance.now() - t0;
    if (single ? r > settings.round! : elapsed >= settings.durationMs || (settings.rounds !== undefined && r > settings.rounds)) break;
    if (job.stopRequested()) break;
    const rs = roundSeed(job.seed, r);
    let size = settings.opsFixed ? settings.opsPerRound : sizer.sizeFor(rs);
    // A round the earlier ones say cannot end within the budget's grace is not started:
    // its ops would still run at budget + grace and be reported as an overrun, though
    // nothing is stuck (slow ops queued on a correct lock make rounds longer than the
    // grace). The estimate is the last round's setup plus the slowest round's time per op
    // so far, with the same margin as an op's (budget.ts SLOW_MARGIN); round 1 always runs.
    // A sized round that does not fit runs smaller, at the most ops per actor that fit:
    // one slow op (a library's first call starting a thread of its own) says little of
    // the next ones, and ending there left most of the budget unused.
    if (!single && rounds > 0) {
      const fits = (o: number) => elapsed + lastSetupMs + SLOW_MARGIN * slowestPerOpMs * opsInRound(plan, o) <= settings.durationMs + grace;
      if (!fits(size)) {
        if (settings.opsFixed || !fits(1)) break;
        size = largestFitting(size, fits);
      }
    }
    const roundOps = opsInRound(plan, size);
    live.round = r;
    live.roundSeed = rs;
    job.markRound?.(r, rs, size);
    const roundStart = performance.now();
    const out = await runRound(env, r, rs, size);
    sizer.observe(size, out.sizedMs || performance.now() - roundStart);
    lastSetupMs = out.opsAtMs;
    if (roundOps > 0) slowestPerOpMs = Math.max(slowestPerOpMs, (performance.now() - roundStart - out.opsAtMs) / roundOps);
    if (out.steps !== undefined) schedules.observe(out.steps);
    if (out.cut) {
      sizes.set(r, size);
      warnings.push(cutWarning(r, out.cut, grace, replayOf(r)));
    }
    rounds++;
    for (const o of out.outcomes) {
      const s = sides.get(plan.actors[o.id]!.kind)!;
      s.ops += o.ops;
      s.transitions += o.transitions;
      s.yields += o.yields;
      s.maxOpMs = Math.max(s.maxOpMs, o.maxOpMs);
      ops += o.ops;
    }
    // The watchdog's findings of this round are on the supervisor's pipe already.
    const watchdogFindings = (await host?.settle()) ?? [];
    const roundFindings = collapseSimilar([...out.findings, ...live.uncaught.splice(0)]);
    if (watchdogFindings.length + roundFindings.length > 0) sizes.set(r, size);
    // The watchdog does not know the round's schedule: its findings of this round get
    // the token and (controlled) the trace here, and a replay that carries the token.
    const ofRound = watchdogFindings.filter((m) => m.finding.round === r);
    if (ofRound.length > 0 && control) {
      annotate(ofRound.map((m) => m.finding), control, plan);
      for (const m of ofRound) m.finding.replay = replayOf(r, m.finding.schedule);
    }
    // The run's first finding: shrunk, or its reproduction rate measured (worker threads
    // under mix); a watchdog finding only if a re-run can judge it (shrink.ts rerunJudges).
    // Not in a replay (--round): that must show what it replays.
    const followUp = (f: Finding, budgetMs: number) => afterFinding(
      {
        job, env, settings: effective, round: r, size, budgetMs, wedged: out.stuck, clearUncaught: () => void live.uncaught.splice(0),
        // A wedged round's threads never take another round: candidates with worker actors get threads of their own.
        ...(crew && out.stuck ? { threads: { retire: () => ownSources(() => crew.close(true)), start: (p: Plan) => startCrew(job, plan, telemetry, gate!, own, p.actors) } } : {}),
      }, f);
    const mayFollow = !followedUp && !single && settings.shrink !== false;
    const watched = mayFollow && roundFindings.length === 0 ? watchdogFindings.find((m) => rerunJudges(m.finding)) : undefined;
    if (watched) {
      followedUp = true;
      const done = await followUp(watched.finding, watched.terminal ? Math.min(SHRINK_DEADLOCK_MS, settings.shrinkMs) : settings.shrinkMs);
      // Already on the supervisor's pipe as the watchdog found it; the result carries the shrunk one.
      watched.finding = done.finding;
      // The scenario's replay line is the shrunk round's, as for a round's own finding.
      if (done.finding.shrunk) firstReplay ??= done.finding.replay;
      if (done.stuck) out.stuck = true;
    }
    for (const m of watchdogFindings) {
      findings.push(m.finding);
      firstFindingRound ??= r;
    }
    if (roundFindings.length > 0 && mayFollow) {
      followedUp = true;
      roundFindings[0]!.replay = replayOf(r, roundFindings[0]!.schedule);
      const done = await followUp(roundFindings[0]!, settings.shrinkMs);
      roundFindings[0] = done.finding;
      if (done.stuck) out.stuck = true;
    }
    for (const f of roundFindings) {
      f.replay ??= replayOf(f.round, f.schedule);
      firstReplay ??= f.replay;
      findings.push(f);
      firstFindingRound ??= r;
      job.emit({ type: 'finding', scenario: scenario.name, finding: f });
    }
    // The watchdog's fallback result needs these counts; every 100 ms is enough
    // (rounds can be shorter than 1 ms), findings go at once.
    const sinceSummary = performance.now() - lastSummary;
    if (host && (roundFindings.length > 0 || sinceSummary >= 100)) {
      lastSummary = performance.now();
      host.send({ type: 'summary', rounds, ops, sides: [...sides.values()], findings, ...(firstFindingRound !== undefined ? { firstFindingRound } : {}) });
    }
    if (out.stuck) stuck = true;
    // Bail: a finding --fail-on will ignore is no reason to stop looking for one it will not.
    if (stuck || (settings.bail && findings.some((f) => failsRun(f, job.failOn)))) break;
    const now = performance.now();
    if (now - lastProgress > 250) {
      lastProgress = now;
      job.emit({ type: 'progress', scenario: scenario.name, round: r, ops, elapsedMs: now - t0, findings: findings.length });
    }
  }
  // Late errors (a timer or rejection an op left behind) land here, not in the next
  // scenario of the file: the loop turns for the settle window before the verdict.
  if (!stuck) await settleLate(job, findings, (r) => replayOf(r), (r) => (firstFindingRound ??= r), crew?.quiet() ?? true, own);
  stopListening();
  const durationMs = performance.now() - started;
  // The file's last scenario leaves its threads to the end of the process: the supervisor
  // kills the run process at 'done' (engine/supervisor.ts), and closing the pool first
  // would only delay the verdict (~65 ms for 8 threads here). After a wedged round they
  // are closed all the same: that is how a thread stuck in a native call is found.
  if (crew && (stuck || !job.last) && !(await ownSources(() => crew.close(stuck)))) live.threadsStuck = true;
  for (const m of (await host?.settle()) ?? []) findings.push(m.finding);
  host?.send({ type: 'scenario-end' });
  live.telemetry = undefined;
  return {
    file: job.file,
    scenario: scenario.name,
    stopped: job.stopRequested(),
    seed: job.seed,
    settings: effective,
    rounds,
    ops,
    durationMs,
    startupMs: t0 - started,
    findings,
    sides: [...sides.values()],
    replay: firstReplay ?? replayOf(firstFindingRound, findings.find((f) => f.round === firstFindingRound)?.schedule),
    ...(warnings.length > 0 ? { warnings } : {}),
    ...(host ? { eventLoop: host.eventLoop() } : {}),
  };
}

/** The largest ops per actor below `size` that `fits` (which holds for 1 and is monotone). */
function largestFitting(size: number, fits: (ops: number) => boolean): number {
  let lo = 1;
  let hi = size - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** What the budget's cut left unjudged (engine/budget.ts): no verdict, but the user should know. */
function cutWarning(round: number, c: CutRound, grace: number, replay: string): string {
  const few = (names: string[]) => names.length <= 4 ? names.join(', ') : `${names.slice(0, 4).join(', ')} and ${names.length - 4} more`;
  const head = `round ${round} ran into the budget's end, so ${few(c.actors)} stopped with planned ops left (no op starts ${formatDuration(grace / 2)} after the budget ends, nor one that its actor's slowest op says cannot end within ${formatDuration(grace)})`;
  const left = c.stillRunning
    ? `${plural(c.stillRunning.names.length, 'op')} (${few(c.stillRunning.names)}) still ran ${formatDuration(c.stillRunning.pastMs)} after the budget and ${c.stillRunning.names.length === 1 ? 'was' : 'were'} abandoned: they may wait for ops the cut never started (a consumer for its producer)`
    : `its ${c.check!.check} failed on the shorter round ("${c.check!.message}"), and a check that counts fails on a cut round of correct code (a queue not empty when fewer pops than pushes ran)`;
  return `${head}; ${left}. Not a finding. To run that round in full: ${replay}`;
}

function threadErrorFinding(job: ScenarioJob, plan: ReturnType<typeof planActors>, e: ThreadError): Finding {
  const mine = e.bundle === job.bundle && e.scenarioIndex === job.scenarioIndex;
  const name = mine ? plan.actors[e.actor]?.name ?? `worker#${e.actor}` : `worker (scenario #${e.scenarioIndex + 1} of the file, after it ended)`;
  return {
    kind: 'error', check: 'uncaught', message: `${name}: ${e.message} (raised after its ops; round ${e.round} was the last one on that thread)`,
    actors: [{ name, kind: 'worker' }], ...(e.stack ? { stack: e.stack } : {}), round: e.round, roundSeed: e.roundSeed,
  };
}

/** Waits the settle window; uncaught errors raised meanwhile are this scenario's (of its last round). */
async function settleLate(
  job: ScenarioJob, findings: Finding[], replay: (r: number) => string, first: (r: number) => void, threadsQuiet: boolean, own: readonly string[],
): Promise<void> {
  await settleWindow(threadsQuiet, own);
  for (const f of collapseSimilar(live.uncaught.splice(0))) {
    f.replay ??= replay(f.round);
    findings.push(f);
    first(f.round);
    job.emit({ type: 'finding', scenario: job.scenario.name, finding: f });
  }
}

