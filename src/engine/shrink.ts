// After a finding: shrink it to the smallest round that still fails under a
// schedule that replays exactly (controlled rounds order worker threads too; a
// mix round with worker threads is no shrink candidate), and for a free-running
// threaded finding measure how often its own round reproduces it (a deadlocked one
// too, on new threads, judged by its own asleep verdict). Both re-run
// rounds in this process, without the watchdog's host (it judges only rounds it
// is told about), within one time box.
//
// The watchdog's deadlocks shrink too, where a re-run can give the same verdict
// for certain without it: a wait-for cycle, loop tasks nothing can wake, worker
// actors asleep that no thread is left to notify (engine/deadlock-judge.ts). A
// deadlocked round's threads never take another round: its pool is ended, and each
// candidate with worker actors runs on new threads (FreshThreads). Its timing verdicts (loop-blocked, unfair,
// livelock) are not shrunk: a re-run cannot tell them from a slow round.
import type { Finding, RunSettings, ShrinkShape } from '../result.js';
import { roundSeed } from '../sched/round-seed.js';
import { formatSchedule, isControlled, parseSchedule } from '../sched/schedule.js';
import type { RoundSchedule } from '../sched/scheduler.js';
import { opsInRound, planActors, type Plan } from './plan.js';
import { replayCommand, type ReplaySubject } from '../replay.js';
import { runRound, type RoundEnv } from './round.js';
import { epochNow } from '../shm/telemetry.js';
import { trackAsScenario } from '../watch/wake-sources.js';
import type { Crew } from './crew.js';

/**
 * The time box after a deadlock the watchdog reported: after a terminal finding it
 * gives the main thread 3 s to write the scenario's result, pool close included,
 * before it writes one itself and ends the process (watch/thread.ts WEDGE_FALLBACK_MS):
 * the most a --shrink-time gives it.
 */
export const SHRINK_DEADLOCK_MS = 1_500;
/** Most replays of a free-running finding. */
const REPRO_RUNS = 5;
/** Round seeds tried per candidate shape (the original round first). */
const SEEDS_PER_SHAPE = 6;
/** Share of the box left after pass 1's first batch that its retries on further seeds may take. */
const RETRY_SHARE = 0.6;
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
   * take another round, so candidates with worker actors run on threads of their own
   * (`threads`; without it, loop tasks only), as do the re-runs of its reproduction rate.
   */
  wedged?: boolean;
  /** After a wedged round: ends its threads (false: some did not end), and starts threads for a candidate's worker actors. */
  threads?: ThreadSource;
}

export interface ThreadSource {
  retire: () => Promise<boolean>;
  start: (candidate: Plan) => Promise<Crew>;
}

/** A new pool's start, as measured here: less than this left in the box, and a candidate with worker actors is not tried. */
const THREADS_START_MS = 300;

/**
 * Threads for the candidates of a wedged round: the wedged pool is ended first (its
 * threads sleep on the round's memory and share the candidates' gate slots and
 * telemetry), then each candidate with worker actors runs on a pool of its own size,
 * kept for the next one while no actor of it is left stuck, and ended when one is.
 */
class FreshThreads {
  private crew: Crew | undefined;
  private size = 0;
  /** Some thread did not end (a native call): no more threads are started. */
  private broken = false;

  private constructor(private readonly src: ThreadSource) {}

  static async open(src: ThreadSource): Promise<FreshThreads | undefined> {
    return (await src.retire()) ? new FreshThreads(src) : undefined;
  }

  /** A crew with at least `plan`'s worker actors (undefined: none to be had in time). */
  async for(plan: Plan, deadline: number): Promise<Crew | undefined> {
    if (this.crew && this.size >= plan.workers) return this.crew;
    if (!(await this.drop(false)) || deadline - performance.now() < THREADS_START_MS) return undefined;
    try {
      this.crew = await this.src.start(plan);
      this.size = plan.workers;
      return this.crew;
    } catch {
      this.broken = true; // a thread that fails to import the scenario now will not later
      return undefined;
    }
  }

  /** Ends the crew (`stuck`: its threads are terminated, not asked to end); false when a thread did not end. */
  async drop(stuck: boolean): Promise<boolean> {
    const c = this.crew;
    this.crew = undefined;
    if (c && !(await c.close(stuck))) this.broken = true;
    return !this.broken;
  }
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
/**
 * The same corruption seen through another check. A small round often shows a big
 * round's corruption only to the check at its end: a download that would have read the
 * dangling entry (an assertion) never runs, and the invariant sees the entry instead.
 * Taken only when a candidate gives no finding of the same check on any of its seeds
 * and schedules; the shrunk finding says what the original round's was. Deadlocks,
 * starvation and errors keep their check: a wait-for cycle and a timeout are not one bug.
 */
const relatedFinding = (a: Finding, b: Finding) => a.kind === 'corruption' && b.kind === 'corruption';

/** A round's shape: its actors and the --ops value its flag-sized actors run (a side's own opsPerRound stays). */
function shapeOf(plan: Plan, ops: number, depth?: number): ShrinkShape {
  return { workers: plan.workers, tasks: plan.tasks, ops, ...(depth !== undefined ? { depth } : {}) };
}

interface Rerun {
  findings: Finding[];
  /** Actors still stuck with no verdict (the time box ended first): worker threads may be too. */
  stuck: boolean;
  /** ... or proven deadlocked (its finding is the verdict): its threads are stuck all the same. */
  deadlocked?: true;
  /** No threads could be started within the box: not run. */
  box?: true;
}

/**
 * With --no-bail the run goes on after the follow-up: a candidate still in flight when
 * the box ends starts no other op and gets this long to end the ones it is in, so its
 * actors are not left running beside the next round. Under bail the run ends there
 * anyway, and the candidate is abandoned at the box's end.
 */
export const RERUN_WIND_DOWN_MS = 1_000;

async function rerun(a: AfterFinding, plan: Plan, size: number, round: number, schedule: RoundSchedule, deadline: number, fresh?: FreshThreads): Promise<Rerun> {
  if (!fresh || plan.workers === 0) return rerunOn(a, plan, size, round, schedule, deadline, a.env.crew);
  const crew = await fresh.for(plan, deadline);
  if (!crew) return { findings: [], stuck: false, box: true };
  const out = await rerunOn(a, plan, size, round, schedule, deadline, crew);
  // Its actors' threads are asleep or stuck: the next candidate gets new ones.
  if (out.stuck || out.deadlocked) {
    if (!(await fresh.drop(true))) return { ...out, stuck: true };
  }
  return out;
}

async function rerunOn(a: AfterFinding, plan: Plan, size: number, round: number, schedule: RoundSchedule, deadline: number, crew: Crew | undefined): Promise<Rerun> {
  const { host: _host, carry: _carry, onControl: _onControl, crew: _crew, ...rest } = a.env;
  // The run's budget may be spent: re-runs have the follow-up's own deadline: no op
  // starts after it (the follow-up's box is the run's grace: a candidate still running
  // at its end is no evidence either way). Deadlocks are judged on the main thread.
  // The round's cut is half a grace past its deadline (engine/budget.ts cutOf), so the
  // deadline is set half a grace early: ops start until the box ends, and the round is
  // abandoned a wind-down later.
  const windDown = a.settings.bail ? 0 : RERUN_WIND_DOWN_MS;
  const env: RoundEnv = {
    ...rest, crew, plan, bail: true, scheduleFor: () => schedule,
    deadline: epochNow() + Math.max(0, deadline - performance.now()) - windDown, graceMs: 2 * windDown,
    judgeDeadlocks: true,
  };
  // What the candidate creates is the scenario's (timers, ports, threads): wake-up sources for the verdict.
  const untrack = trackAsScenario();
  try {
    const out = await runRound(env, round, roundSeed(a.job.seed, round), size);
    // A timeout is no verdict in a re-run (a slow candidate is not a deadlocked one); the judged deadlock is.
    if (out.stuck && !out.deadlocked) return { findings: [], stuck: true };
    return { findings: out.findings, stuck: false, ...(out.deadlocked ? { deadlocked: true } : {}) };
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

/** A candidate round: its plan and the --ops value of its flag-sized actors. */
interface Candidate {
  plan: Plan;
  ops: number;
}

/**
 * Smallest failing round found in the time box, under a schedule that replays
 * exactly, while a finding of the same kind and check persists. Three passes, as
 * Lincheck and loom minimise: fewest actors first (each actor count tried with as
 * many ops as the original round's total allows: a bug that needs the state to
 * run down, such as an overdraft, needs fewer actors only with more ops each),
 * then fewest ops per actor at that count, then, for PCT, fewest priority change
 * points (preemptions). The box ending keeps the smallest found so far. Each
 * candidate is an exact replay target of its own (its replay command is set on
 * the returned finding).
 */
async function shrink(a: AfterFinding, f: Finding, plan: Plan, deadline: number, fresh: FreshThreads | undefined): Promise<FollowUp | undefined> {
  const token = f.schedule !== undefined ? parseSchedule(f.schedule) : { strategy: 'mix' as const };
  if (typeof token === 'string') return undefined;
  const from = shapeOf(plan, a.size, token.strategy === 'pct' ? token.depth : undefined);
  const size = (p: Plan) => opsInRound(p, a.size);
  const total = size(plan);
  // opsFixed: a candidate's size is its own, as in its replay command (--ops).
  const planOf = (w: number, t: number, o: number) => planActors(a.job.scenario, { ...a.settings, workers: w, tasks: t, opsPerRound: o, opsFixed: true });
  // A wedged round's candidates with worker actors need threads of their own (fresh).
  const usable = (p: Plan) => p.actors.length > 0 && p.workers <= plan.workers && !(a.wedged && !fresh && p.workers > 0) && size(p) < total;
  const key = (p: Plan) => `${p.workers}x${p.tasks}:${p.actors.map((x) => x.opsPerRound).join(',')}`;

  // Pass 1's candidates: each actor count at the original ops per actor, and at the most the original total allows.
  // Worker actors of a candidate are the first ones of the run's crew (plan ids put
  // workers first), so a candidate with fewer workers runs on threads already up.
  const wide: Candidate[] = [];
  const seen = new Set<string>();
  for (let w = 0; w <= plan.workers; w++) {
    for (let t = 0; t <= plan.tasks; t++) {
      if (w + t === 0) continue;
      // Flag-sized actors are the ones whose ops follow --ops (a side's own opsPerRound stays).
      const one = planOf(w, t, 1);
      const two = planOf(w, t, 2);
      const flagSized = one.actors.filter((x, i) => x.opsPerRound !== two.actors[i]!.opsPerRound).length;
      const sideOps = size(one) - flagSized;
      const most = flagSized === 0 ? from.ops : Math.floor((total - 1 - sideOps) / flagSized);
      // The original round's ops per actor first (its density of steps: PCT's odds fall
      // with a longer round), then the most.
      for (const o of new Set([Math.min(from.ops, most), most])) {
        if (o < 1) continue;
        const p = planOf(w, t, o);
        if (!usable(p) || seen.has(key(p))) continue;
        seen.add(key(p));
        wide.push({ plan: p, ops: o });
      }
    }
  }
  // Fewest actors first (what a reader untangles), then the smallest round.
  wide.sort((x, y) => x.plan.actors.length - y.plan.actors.length || size(x.plan) - size(y.plan));

  let runs = 0;
  let best: { finding: Finding; c: Candidate; round: number; sched: RoundSchedule } | undefined;
  /**
   * Tries one candidate over round seeds of batch `batch` (the b-th SEEDS_PER_SHAPE of
   * them; batch 0 starts with the finding's own round) and its schedules, until `until`:
   * the hit, 'stuck', 'box' (time is up), or undefined (none failed). `loose` takes a
   * related finding (another check, same kind) when no seed gives the same check.
   */
  const attempt = async (c: Candidate, schedules: (n: number) => RoundSchedule[], batch = 0, until = deadline, loose = true): Promise<'stuck' | 'box' | undefined | { finding: Finding; round: number; sched: RoundSchedule }> => {
    // One actor has no interleaving to vary: one seed, one schedule (a bug that needs no race at all).
    const lone = c.plan.actors.length === 1;
    const others = Array.from({ length: SEEDS_PER_SHAPE }, (_, i) => batch * SEEDS_PER_SHAPE + i + 1).filter((r) => r !== a.round);
    const rounds = lone ? [a.round] : batch === 0 ? [a.round, ...others].slice(0, SEEDS_PER_SHAPE) : others;
    // Worker threads replay exactly only under a controlled schedule: no mix candidate with them.
    const exact = (s: RoundSchedule) => c.plan.workers === 0 || isControlled(s);
    // The first finding of the same kind through another check, taken if no seed gives the same check.
    let related: { finding: Finding; round: number; sched: RoundSchedule } | undefined;
    for (const r of rounds) {
      for (const sched of (lone ? [token] : schedules(size(c.plan))).filter(exact)) {
        if (performance.now() >= until) return related ?? 'box';
        runs++;
        const out = await rerun(a, c.plan, c.ops, r, sched, deadline, fresh);
        if (out.box) return related ?? 'box';
        // Actors left stuck with no verdict: threads may be wedged, and the box is spent.
        if (out.stuck) return 'stuck';
        const hit = out.findings.find((x) => sameFinding(x, f));
        if (hit) return { finding: hit, round: r, sched };
        const near = related || !loose ? undefined : out.findings.find((x) => relatedFinding(x, f));
        if (near) related = { finding: near, round: r, sched };
      }
    }
    return related;
  };
  const done = (): FollowUp | undefined => {
    if (!best) return undefined;
    const { finding, c, round, sched } = best;
    const to = shapeOf(c.plan, c.ops, sched.strategy === 'pct' ? sched.depth : undefined);
    const settings = { ...a.settings, tasks: c.plan.tasks, workers: c.plan.workers, opsPerRound: c.ops, opsFixed: true };
    finding.replay = replayCommand(a.job, settings, round, formatSchedule(sched));
    finding.shrunk = { from, to, runs, ...(finding.check !== f.check ? { original: { check: f.check, message: f.message } } : {}) };
    return { finding, stuck: false };
  };
  const all = (n: number) => candidateSchedules(token, n, total);
  // Passes 2 and 3 keep the check the best round fails: the original's, unless pass 1's smallest fails another.
  const changedCheck = () => best !== undefined && best.finding.check !== f.check;

  // 1. Fewest actors, from the fewest up: the first hit is the fewest (fewer ops at
  // the original count is pass 2's). While part of the box is left, the candidates
  // smaller than the best so far are tried again on further round seeds: a depth-3
  // order among few actors can need more than one batch of seeds.
  const retryUntil = performance.now() + RETRY_SHARE * Math.max(0, deadline - performance.now());
  const actorsOfBest = () => (best ? best.c.plan.actors.length : plan.actors.length);
  search: for (let batch = 0; ; batch++) {
    const left = wide.filter((x) => x.plan.actors.length < actorsOfBest() && (batch === 0 || x.plan.actors.length > 1));
    if (left.length === 0) break;
    for (const c of left) {
      if (c.plan.actors.length >= actorsOfBest()) continue;
      const out = await attempt(c, all, batch, batch === 0 ? deadline : retryUntil);
      if (out === 'stuck') return { ...(done() ?? { finding: f }), stuck: true };
      if (out === 'box') {
        if (performance.now() >= deadline) return done();
        break search; // the retries' share is spent: on to fewer ops
      }
      if (out) best = { ...out, c };
    }
  }
  // 2. Fewest ops per actor at that actor count (the original's, if none fewer failed),
  // by bisection from the failing count: more ops per actor is a likelier hit, so
  // halving keeps every hit on the way down, and a box that ends early still leaves a
  // smaller round (ascending from 1 op spends the box on the least likely candidates).
  const base: Candidate = best?.c ?? { plan, ops: from.ops };
  let lo = 1;
  let hi = base.ops; // fails at hi
  while (lo < hi) {
    const o = Math.floor((lo + hi) / 2);
    const p = planOf(base.plan.workers, base.plan.tasks, o);
    if (key(p) === key(base.plan)) break; // no actor follows --ops
    const out = usable(p) ? await attempt({ plan: p, ops: o }, all, 0, deadline, changedCheck()) : undefined;
    if (out === 'stuck') return { ...(done() ?? { finding: f }), stuck: true };
    if (out === 'box') return done();
    if (out) {
      best = { ...out, c: { plan: p, ops: o } };
      hi = o;
    } else lo = o + 1;
  }
  if (!best) return undefined;
  // 3. Fewest preemptions: PCT at a lower depth on the same round.
  const depth = best.sched.strategy === 'pct' ? best.sched.depth : 0;
  const steps = best.sched.strategy === 'pct' ? best.sched.steps : 0;
  for (let d = 1; d < depth; d++) {
    const c = best.c;
    const out = await attempt(c, () => [{ strategy: 'pct', depth: d, steps }], 0, deadline, changedCheck());
    if (out === 'stuck') return { ...(done() ?? { finding: f }), stuck: true };
    if (out === 'box') break;
    if (out) {
      best = { ...out, c };
      break;
    }
  }
  return done();
}

function isControlledToken(token: string): boolean {
  const s = parseSchedule(token);
  return typeof s !== 'string' && isControlled(s);
}

/**
 * Re-runs a free-running finding's round and counts how often the same finding comes
 * back. After a wedged round (`fresh`), each re-run with worker actors is on new
 * threads, and a re-run that deadlocks again ends them.
 */
async function reproduce(a: AfterFinding, f: Finding, plan: Plan, deadline: number, fresh?: FreshThreads): Promise<{ runs: number; failed: number; stuck: boolean }> {
  const token = f.schedule !== undefined ? parseSchedule(f.schedule) : { strategy: 'mix' as const };
  const schedule: RoundSchedule = typeof token === 'string' ? { strategy: 'mix' } : token;
  let runs = 0;
  let failed = 0;
  while (runs < REPRO_RUNS && performance.now() < deadline) {
    const out = await rerun(a, plan, a.size, a.round, schedule, deadline, fresh);
    if (out.box) break; // no threads could be started in what is left of the box
    if (out.stuck) return { runs, failed, stuck: true };
    runs++;
    if (out.findings.some((x) => sameFinding(x, f))) failed++;
  }
  return { runs, failed, stuck: false };
}

/**
 * What a run does with its first finding of a round: it shrinks (the shrunk finding
 * replaces it, saying what it was shrunk from), and a round with worker threads under
 * mix, which the OS interleaves, gets a reproduction rate. Persistent scenarios carry
 * state across rounds, so a round cannot be re-run alone: left as they are.
 */
export async function afterFinding(a: AfterFinding, f: Finding): Promise<FollowUp> {
  const plan = a.env.plan;
  if (a.job.scenario.persistent || a.budgetMs <= 0) return { finding: f, stuck: false };
  // One time box for both follow-ups.
  const deadline = performance.now() + a.budgetMs;
  // A round with worker threads under mix is interleaved by the OS: how often does it come back?
  const free = plan.workers > 0 && !(f.schedule !== undefined && isControlledToken(f.schedule));
  // A wedged round (a deadlock): its threads are ended first, and every candidate or
  // re-run with worker actors runs on new ones.
  const fresh = a.wedged && a.threads && plan.workers > 0 ? await FreshThreads.open(a.threads) : undefined;
  const rate = (r: { runs: number; failed: number } | undefined) => {
    if (r && r.runs > 0) f.reproduced = { runs: r.runs, failed: r.failed };
  };
  try {
    // On the run's own threads, the rate first (half the box), while they are warm.
    const early = free && !a.wedged ? await reproduce(a, f, plan, performance.now() + a.budgetMs / 2) : undefined;
    if (early?.stuck) return { finding: f, stuck: true };
    // Then the smallest round that still fails, under a schedule that replays exactly.
    const shrunk = await shrink(a, f, plan, deadline, fresh);
    if (shrunk && shrunk.finding !== f) return shrunk;
    rate(early);
    if (shrunk?.stuck) return { finding: f, stuck: true };
    // A wedged round left as it is: its rate from what is left of the box, on new threads.
    const late = free && fresh ? await reproduce(a, f, plan, deadline, fresh) : undefined;
    if (late?.stuck) return { finding: f, stuck: true };
    rate(late);
    return { finding: f, stuck: false };
  } finally {
    await fresh?.drop(true);
  }
}
