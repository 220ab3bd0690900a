// After a finding: shrink it to the smallest round that still fails under a
// schedule that replays exactly (controlled rounds order worker threads too; a
// mix round with worker threads is no shrink candidate), and for a free-running
// threaded finding measure how often its own round reproduces it. Both re-run
// rounds in this process, without the watchdog's host (it judges only rounds it
// is told about), within one time box.
//
// The watchdog's deadlocks shrink too, where a re-run can give the same verdict
// for certain without it: a wait-for cycle, loop tasks nothing can wake
// (engine/deadlock-judge.ts). Its timing verdicts (loop-blocked, unfair,
// livelock) are not shrunk: a re-run cannot tell them from a slow round.
import type { Finding, RunSettings, ShrinkShape } from '../result.js';
import { roundSeed } from '../sched/round-seed.js';
import { formatSchedule, isControlled, parseSchedule } from '../sched/schedule.js';
import type { RoundSchedule } from '../sched/scheduler.js';
import { planActors, type Plan } from './plan.js';
import { replayCommand, type ReplaySubject } from '../replay.js';
import { runRound, type RoundEnv } from './round.js';
import { epochNow } from '../shm/telemetry.js';
import { trackAsScenario } from '../watch/wake-sources.js';

/** Default time box of shrinking and of the reproduction runs (ms). */
export const SHRINK_MS = 2_000;
/**
 * The time box after a deadlock the watchdog reported: after a terminal finding it
 * gives the main thread 3 s to write the scenario's result, pool close included,
 * before it writes one itself and ends the process (watch/thread.ts WEDGE_FALLBACK_MS).
 */
export const SHRINK_DEADLOCK_MS = 1_500;
/** Most replays of a free-running finding. */
const REPRO_RUNS = 5;
/** Round seeds tried per candidate shape (the original round first). */
const SEEDS_PER_SHAPE = 6;

export interface AfterFinding {
  job: ReplaySubject & { scenario: RoundEnv['scenario']; seed: number };
  env: RoundEnv;
  settings: RunSettings;
  round: number;
  /** Ops per actor of the finding's round (rounds are sized from measured op time). */
  size: number;
  budgetMs: number;
  /** Drops uncaught errors of the re-runs (they belong to no reported round). */
  clearUncaught: () => void;
  /**
   * The finding's round left actors stuck (a deadlock): its worker threads may never
   * take another round, so the candidates run loop tasks only, and there is no
   * reproduction rate.
   */
  wedged?: boolean;
}

/** What the follow-up gives: the finding to report, and whether a re-run left actors stuck (the run cannot go on). */
export interface FollowUp {
  finding: Finding;
  stuck: boolean;
}

/**
 * The watchdog's findings that a re-run can give again without it, for certain: a
 * wait-for cycle and loop tasks nothing can wake (engine/deadlock-judge.ts). A
 * deadlock by timeout or a blocked main thread reads 'deadlock' too; a loop-only
 * candidate of it is judged by the same structural evidence, or not at all.
 */
export function rerunJudges(f: Finding): boolean {
  switch (f.kind) {
    case 'deadlock':
      return f.check === 'wait-cycle' || f.check === 'deadlock';
    case 'starvation': // loop-blocked, unfair, livelock: timing, not state
    case 'corruption':
    case 'error':
      return false;
    default: {
      const never: never = f.kind;
      throw new Error(`unknown finding kind ${String(never)}`);
    }
  }
}

const sameFinding = (a: Finding, b: Finding) => a.kind === b.kind && a.check === b.check;

function shapeOf(plan: Plan, size: number, depth?: number): ShrinkShape {
  const ops = Math.max(0, ...plan.actors.map((a) => (a.sized ? size : a.opsPerRound)));
  return { workers: plan.workers, tasks: plan.tasks, ops, ...(depth !== undefined ? { depth } : {}) };
}

interface Rerun {
  findings: Finding[];
  /** Actors still stuck with no verdict (the time box ended first): worker threads may be too. */
  stuck: boolean;
}

/**
 * With --no-bail the run goes on after the follow-up: a candidate still in flight when
 * the box ends starts no other op and gets this long to end the ones it is in, so its
 * actors are not left running beside the next round. Under bail the run ends there
 * anyway, and the candidate is abandoned at the box's end.
 */
export const RERUN_WIND_DOWN_MS = 1_000;

async function rerun(a: AfterFinding, plan: Plan, size: number, round: number, schedule: RoundSchedule, deadline: number): Promise<Rerun> {
  const { host: _host, carry: _carry, onControl: _onControl, ...rest } = a.env;
  // The run's budget may be spent: re-runs have the follow-up's own deadline: no op
  // starts after it (the follow-up's box is the run's grace: a candidate still running
  // at its end is no evidence either way). Deadlocks are judged on the main thread.
  // The round's cut is half a grace past its deadline (engine/budget.ts cutOf), so the
  // deadline is set half a grace early: ops start until the box ends, and the round is
  // abandoned a wind-down later.
  const windDown = a.settings.bail ? 0 : RERUN_WIND_DOWN_MS;
  const env: RoundEnv = {
    ...rest, plan, bail: true, scheduleFor: () => schedule,
    deadline: epochNow() + Math.max(0, deadline - performance.now()) - windDown, graceMs: 2 * windDown,
    judgeDeadlocks: true,
  };
  // What the candidate creates is the scenario's (timers, ports, threads): wake-up sources for the verdict.
  const untrack = trackAsScenario();
  try {
    const out = await runRound(env, round, roundSeed(a.job.seed, round), size);
    // A timeout is no verdict in a re-run (a slow candidate is not a deadlocked one); the judged deadlock is.
    if (out.stuck && !out.deadlocked) return { findings: [], stuck: true };
    return { findings: out.findings, stuck: false };
  } catch {
    return { findings: [], stuck: false }; // setup() failing on a candidate is no evidence either way
  } finally {
    untrack();
    a.clearUncaught();
  }
}

/**
 * Schedules tried on each candidate: the original one first, then PCT from the
 * fewest preemptions up (depth 1 = none, d = d-1 change points) and a random
 * walk. The finding must keep its kind and check, not its strategy: a bug mix
 * found in a big round is often a small controlled one.
 */
function candidateSchedules(token: RoundSchedule, size: number, originalSize: number): RoundSchedule[] {
  // K scales with the round: the original estimate where there is one, else two points an op.
  const steps = Math.max(1, Math.round(token.strategy === 'pct' ? (token.steps * size) / originalSize : 2 * size));
  const maxDepth = token.strategy === 'pct' ? Math.max(3, token.depth) : 3;
  const out: RoundSchedule[] = [token.strategy === 'pct' ? { ...token, steps } : token];
  for (let d = 1; d <= maxDepth; d++) out.push({ strategy: 'pct', depth: d, steps });
  out.push({ strategy: 'random' });
  const seen = new Set<string>();
  return out.filter((x) => !seen.has(formatSchedule(x)) && !!seen.add(formatSchedule(x)));
}

/** Candidate op counts, small first. */
function opCounts(max: number): number[] {
  const xs = [1, 2, 3, 4, 6, 8, 12, max].filter((x) => x <= max);
  return [...new Set(xs)];
}

/**
 * Smallest failing loop-only round found in the time box: fewer tasks, fewer ops
 * per task and, for PCT, fewer priority change points (preemptions), while a
 * finding of the same kind and check persists. Each candidate is an exact
 * replay target of its own (its replay command is set on the returned finding).
 */
export async function shrink(a: AfterFinding, f: Finding, plan: Plan, deadline = performance.now() + a.budgetMs): Promise<FollowUp | undefined> {
  const token = f.schedule !== undefined ? parseSchedule(f.schedule) : { strategy: 'mix' as const };
  if (typeof token === 'string') return undefined;
  const from = shapeOf(plan, a.size, token.strategy === 'pct' ? token.depth : undefined);
  const shapes: Plan[] = [];
  const seen = new Set<string>();
  // Worker actors of a candidate are the first ones of the run's crew (plan ids put
  // workers first), so a candidate with fewer workers runs on threads already up.
  for (let w = 0; w <= plan.workers; w++) {
    for (let t = 0; t <= plan.tasks; t++) {
      if (w + t === 0) continue;
      for (const o of opCounts(from.ops)) {
        // opsFixed: a candidate's size is its own, as in its replay command (--ops).
        const p = planActors(a.job.scenario, { ...a.settings, workers: w, tasks: t, opsPerRound: o, opsFixed: true });
        const key = `${p.workers}x${p.tasks}x${shapeOf(p, o).ops}`;
        if (seen.has(key) || p.workers > plan.workers || p.actors.length === 0 || (a.wedged && p.workers > 0)) continue;
        seen.add(key);
        shapes.push(p);
      }
    }
  }
  const size = (p: Plan) => p.actors.reduce((n, x) => n + (x.sized ? a.size : x.opsPerRound), 0);
  // Fewest actors first (what a reader untangles), then fewest ops.
  shapes.sort((x, y) => x.actors.length - y.actors.length || size(x) - size(y));
  let runs = 0;
  for (const p of shapes) {
    if (size(p) >= size(plan)) break;
    // One actor has no interleaving to vary: one seed, one schedule (a bug that needs no race at all).
    const lone = p.actors.length === 1;
    const rounds = lone ? [a.round] : [a.round, ...Array.from({ length: SEEDS_PER_SHAPE - 1 }, (_, i) => i + 1).filter((r) => r !== a.round)];
    // Worker threads replay exactly only under a controlled schedule: no mix candidate with them.
    const exact = (s: RoundSchedule) => p.workers === 0 || isControlled(s);
    for (const r of rounds) {
      for (const sched of (lone ? [token] : candidateSchedules(token, size(p), size(plan))).filter(exact)) {
        if (performance.now() >= deadline) return undefined;
        runs++;
        const shape = shapeOf(p, 0, sched.strategy === 'pct' ? sched.depth : undefined);
        const out = await rerun(a, p, shape.ops, r, sched, deadline);
        const hit = out.findings.find((x) => sameFinding(x, f));
        // Actors left stuck with no verdict: threads may be wedged, and the box is spent.
        if (out.stuck) return { finding: f, stuck: true };
        if (!hit) continue;
        const settings = { ...a.settings, tasks: p.tasks, workers: p.workers, opsPerRound: shape.ops, opsFixed: true };
        hit.replay = replayCommand(a.job, settings, r, formatSchedule(sched));
        hit.shrunk = { from, to: shape, runs };
        return { finding: hit, stuck: false };
      }
    }
  }
  return undefined;
}

function isControlledToken(token: string): boolean {
  const s = parseSchedule(token);
  return typeof s !== 'string' && isControlled(s);
}

/** Re-runs a free-running finding's round and counts how often the same finding comes back. */
export async function reproduce(a: AfterFinding, f: Finding, plan: Plan, deadline = performance.now() + a.budgetMs): Promise<{ runs: number; failed: number; stuck: boolean }> {
  const token = f.schedule !== undefined ? parseSchedule(f.schedule) : { strategy: 'mix' as const };
  const schedule: RoundSchedule = typeof token === 'string' ? { strategy: 'mix' } : token;
  let runs = 0;
  let failed = 0;
  while (runs < REPRO_RUNS && performance.now() < deadline) {
    runs++;
    const out = await rerun(a, plan, a.size, a.round, schedule, deadline);
    if (out.stuck) return { runs: runs - 1, failed, stuck: true };
    if (out.findings.some((x) => sameFinding(x, f))) failed++;
  }
  return { runs, failed, stuck: false };
}

/**
 * What a run does with its first finding of a round: loop-only rounds shrink
 * (the shrunk finding replaces it, saying what it was shrunk from); rounds
 * with worker threads get a reproduction rate. Persistent scenarios carry
 * state across rounds, so a round cannot be re-run alone: left as they are.
 */
export async function afterFinding(a: AfterFinding, f: Finding): Promise<FollowUp> {
  const plan = a.env.plan;
  if (a.job.scenario.persistent || a.budgetMs <= 0) return { finding: f, stuck: false };
  // One time box for both follow-ups.
  const deadline = performance.now() + a.budgetMs;
  // A round with worker threads under mix is interleaved by the OS: how often does it come back?
  const free = !a.wedged && plan.workers > 0 && !(f.schedule !== undefined && isControlledToken(f.schedule));
  const reproduced = free ? await reproduce(a, f, plan, performance.now() + a.budgetMs / 2) : undefined;
  if (reproduced?.stuck) return { finding: f, stuck: true };
  // Then the smallest round that still fails, under a schedule that replays exactly.
  const shrunk = await shrink(a, f, plan, deadline);
  if (shrunk && shrunk.finding !== f) return shrunk;
  if (reproduced && reproduced.runs > 0) f.reproduced = { runs: reproduced.runs, failed: reproduced.failed };
  return { finding: f, stuck: shrunk?.stuck ?? false };
}
