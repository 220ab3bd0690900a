// Runs one scenario inside the run process: the worker pool, the rounds within
// the budget, and the scenario's result. Events go out as they happen so the
// supervisor keeps them even if the process dies mid-round.
import { Piscina } from 'piscina';
import type { Finding, RunSettings, ScenarioResult, SideSummary } from '../result.js';
import type { Scenario } from '../scenario/types.js';
import { roundSeed } from '../sched/prng.js';
import type { RunEvent, WarmupTask } from './protocol.js';
import { planActors } from './plan.js';
import { Telemetry } from './telemetry.js';
import { runRound, type RoundEnv } from './round.js';
import { replayCommand } from './replay.js';

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
  /** Set by SIGINT / the supervisor: finish the round, then report. */
  stopRequested: () => boolean;
}

const WORKER_ENTRY = new URL('../worker/entry.js', import.meta.url);

/** Live state for process-level handlers (uncaught errors land in the current round). */
export const live: { telemetry?: Telemetry; uncaught: Finding[]; round: number; roundSeed: number } = {
  uncaught: [],
  round: 0,
  roundSeed: 0,
};

async function startPool(job: ScenarioJob, workers: number): Promise<Piscina> {
  const pool = new Piscina({
    filename: WORKER_ENTRY.href,
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: 60_000,
    concurrentTasksPerWorker: 1,
  });
  const barrier = new SharedArrayBuffer(4);
  const warm: WarmupTask = { warmup: true, bundle: job.bundle, scenarioIndex: job.scenarioIndex, barrier, workers };
  await Promise.all(Array.from({ length: workers }, () => pool.run(warm)));
  return pool;
}

export async function runScenario(job: ScenarioJob): Promise<ScenarioResult> {
  const { settings, scenario } = job;
  const plan = planActors(scenario, settings);
  const telemetry = Telemetry.create(plan.actors.length);
  live.telemetry = telemetry;
  const started = performance.now();
  const pool = plan.workers > 0 ? await startPool(job, plan.workers) : undefined;
  const effective: RunSettings = { ...settings, workers: plan.workers, tasks: plan.tasks };
  job.emit({ type: 'start', file: job.file, scenario: scenario.name, seed: job.seed, settings: effective });

  const env: RoundEnv = {
    file: job.file, bundle: job.bundle, scenario, scenarioIndex: job.scenarioIndex, plan, telemetry, pool,
    yieldOpts: { maxUs: settings.yieldMaxUs, turns: settings.yieldTurns },
    deadlockTimeoutMs: settings.deadlockTimeoutMs,
  };
  const sides = new Map<'worker' | 'task', SideSummary>();
  for (const a of plan.actors) {
    const s = sides.get(a.kind) ?? { kind: a.kind, actors: 0, ops: 0, transitions: 0, yields: 0, maxOpMs: 0 };
    s.actors++;
    sides.set(a.kind, s);
  }
  const findings: Finding[] = [];
  let rounds = 0;
  let ops = 0;
  let stuck = false;
  let firstFindingRound: number | undefined;
  const t0 = performance.now();
  let lastProgress = t0;
  const single = settings.round !== undefined;
  for (let r = single ? settings.round! : 1; ; r++) {
    const elapsed = performance.now() - t0;
    if (single ? r > settings.round! : elapsed >= settings.durationMs || (settings.rounds !== undefined && r > settings.rounds)) break;
    if (job.stopRequested()) break;
    const rs = roundSeed(job.seed, r);
    live.round = r;
    live.roundSeed = rs;
    const out = await runRound(env, r, rs);
    rounds++;
    for (const o of out.outcomes) {
      const s = sides.get(plan.actors[o.id]!.kind)!;
      s.ops += o.ops;
      s.transitions += o.transitions;
      s.yields += o.yields;
      s.maxOpMs = Math.max(s.maxOpMs, o.maxOpMs);
      ops += o.ops;
    }
    const roundFindings = [...out.findings, ...live.uncaught.splice(0)];
    for (const f of roundFindings) {
      f.replay ??= replayCommand(job, effective, r);
      findings.push(f);
      firstFindingRound ??= r;
      job.emit({ type: 'finding', scenario: scenario.name, finding: f });
    }
    if (out.stuck) stuck = true;
    if (stuck || (settings.bail && findings.length > 0)) break;
    const now = performance.now();
    if (now - lastProgress > 250) {
      lastProgress = now;
      job.emit({ type: 'progress', scenario: scenario.name, round: r, ops, elapsedMs: now - t0, findings: findings.length });
    }
  }
  const durationMs = performance.now() - started;
  if (pool) await closePool(pool, stuck);
  live.telemetry = undefined;
  return {
    file: job.file,
    scenario: scenario.name,
    status: findings.length > 0 ? 'fail' : job.stopRequested() ? 'interrupted' : 'pass',
    seed: job.seed,
    settings: effective,
    rounds,
    ops,
    durationMs,
    findings,
    sides: [...sides.values()],
    replay: replayCommand(job, effective, firstFindingRound),
  };
}

/** terminate() ends workers blocked in Atomics.wait or a busy loop; don't wait forever for the rest. */
async function closePool(pool: Piscina, stuck: boolean): Promise<void> {
  const done = pool.destroy().catch(() => undefined);
  await Promise.race([done, new Promise((r) => setTimeout(r, stuck ? 2000 : 5000).unref())]);
}
