// Schedule tokens and the round -> schedule portfolio.
//
// A token names what one round ran under: `mix`, `random` or `pct:D:K` (depth
// D, estimated steps K), after the replay format version: `v2:pct:3:412`.
// Together with the round seed it fixes every decision of that round: the
// decisions are drawn from a PRNG seeded by the round seed and fed only the
// sequence of parked sets, which is itself deterministic for loop tasks. K is in
// the token because it is estimated from earlier rounds (the one input that is
// not a function of the seed and the round).
//
// The version is there because every finding's replay command carries the
// token: a command printed by a racecheck that derived seeds differently is
// refused in one line instead of silently replaying some other round.
import type { ControlledSchedule, RoundSchedule, Scheduler, SchedulerName } from './scheduler.js';
import { deriveSeed, makePrng } from './prng.js';
import { randomWalk } from './random-walk.js';
import { pct } from './pct.js';

/**
 * The replay format: bumped whenever a change makes a printed replay
 * (--seed S --round R --schedule TOKEN) run something else: the derivation of
 * round, actor or scheduler seeds, what a PRNG draw decides, a strategy's
 * decisions. The golden values in test/unit/sched/golden.test.ts fail on such a
 * change. 1: round seeds drawn one by one from a seedrandom stream (racecheck
 * until the constant-time derivation). 2: round seeds mixed from a per-run key.
 */
export const REPLAY_FORMAT = 2;
const PREFIX = `v${REPLAY_FORMAT}:`;

export const SCHEDULE_EXPECTED = `a replay format ${REPLAY_FORMAT} token: ${PREFIX}mix, ${PREFIX}random or ${PREFIX}pct:DEPTH:STEPS (e.g. ${PREFIX}pct:3:400)`;

/** Why a token of another format is refused, and what to do instead. */
export const OTHER_FORMAT_HINT =
  'printed by a racecheck that derives seeds differently, so it would replay another round: run without --round and --schedule to find the finding again';

export function formatSchedule(s: RoundSchedule): string {
  switch (s.strategy) {
    case 'mix':
    case 'random':
      return PREFIX + s.strategy;
    case 'pct':
      return `${PREFIX}pct:${s.depth}:${s.steps}`;
    default: {
      const never: never = s;
      return never;
    }
  }
}

/** Parses a token of this replay format; returns a one-line error text otherwise. */
export function parseSchedule(token: string): RoundSchedule | string {
  const t = token.trim();
  const parsed = t.startsWith(PREFIX) ? parseBody(t.slice(PREFIX.length)) : undefined;
  if (parsed) return parsed;
  const other = otherReplayFormat(t);
  if (other !== undefined) return `"${token}" is a replay of format ${other}, ${OTHER_FORMAT_HINT}`;
  return `expected ${SCHEDULE_EXPECTED}, got "${token}"`;
}

/**
 * The replay format of a token that names a strategy in another format's syntax
 * (format 1 had no version: `pct:3:412`), or undefined.
 */
export function otherReplayFormat(token: string): number | undefined {
  const t = token.trim();
  const v = /^v(\d{1,4}):(.*)$/.exec(t);
  const format = v ? Number(v[1]) : 1;
  if (format === REPLAY_FORMAT) return undefined;
  return v || parseBody(t) ? format : undefined;
}

function parseBody(t: string): RoundSchedule | undefined {
  if (t === 'mix' || t === 'random') return { strategy: t };
  const m = /^pct:(\d{1,2}):(\d{1,9})$/.exec(t);
  if (m) {
    const depth = Number(m[1]), steps = Number(m[2]);
    if (depth >= 1 && steps >= 1) return { strategy: 'pct', depth, steps };
  }
  return undefined;
}

export const isControlled = (s: RoundSchedule): s is ControlledSchedule => s.strategy !== 'mix';

/**
 * The portfolio `auto` rotates through: a third of the rounds keep today's
 * seeded delays (real timing, plain-memory races between yields, worker
 * threads), the rest are controlled, mostly PCT and reaching depth 3 (depth 2
 * can never find a depth-3 bug).
 */
const AUTO_CYCLE: readonly (RoundSchedule['strategy'] | number)[] = ['mix', 2, 3, 'mix', 'random', 3];
const PCT_DEPTHS = [1, 2, 3];

export interface PortfolioOptions {
  scheduler: SchedulerName;
  /** Fixed PCT depth; without it pct rotates 1..3 and auto uses its cycle. */
  pctDepth?: number;
  /** How many actors the scheduler can control; fewer than 2 leaves nothing to order. */
  controllable: number;
  /** First guess of a controlled round's steps, before any was measured. */
  initialSteps: number;
}

export class Portfolio {
  private steps = 0;
  private rounds = 0;
  constructor(private readonly o: PortfolioOptions) {}

  /** Records a finished controlled round's step count (for K). */
  observe(steps: number): void {
    this.steps += steps;
    this.rounds++;
  }

  /** Mean steps of the controlled rounds so far (the estimate of K). */
  estimate(): number {
    return this.rounds > 0 ? Math.max(1, Math.round(this.steps / this.rounds)) : Math.max(1, this.o.initialSteps);
  }

  forRound(round: number): RoundSchedule {
    const { scheduler, pctDepth } = this.o;
    if (scheduler === 'mix' || this.o.controllable < 2) return { strategy: 'mix' };
    if (scheduler === 'random') return { strategy: 'random' };
    const pick = (depth: number): RoundSchedule => ({ strategy: 'pct', depth: pctDepth ?? depth, steps: this.estimate() });
    const i = Math.max(0, round - 1);
    if (scheduler === 'pct') return pick(PCT_DEPTHS[i % PCT_DEPTHS.length]!);
    const slot = AUTO_CYCLE[i % AUTO_CYCLE.length]!;
    if (slot === 'mix' || slot === 'random') return { strategy: slot };
    if (slot === 'pct') return pick(3);
    return pick(slot);
  }
}

/** The scheduler a controlled schedule runs, seeded from the round seed (its only randomness). */
export function makeScheduler(s: ControlledSchedule, rSeed: number, actors: readonly number[]): Scheduler {
  const prng = makePrng(deriveSeed(rSeed, 'scheduler', s.strategy));
  switch (s.strategy) {
    case 'random':
      return randomWalk(prng);
    case 'pct':
      return pct(prng, actors, s.depth, s.steps);
    default: {
      const never: never = s;
      return never;
    }
  }
}
