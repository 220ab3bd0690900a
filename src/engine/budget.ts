// The budget contract (README "Budget, grace and settle"). At the deadline no new round
// starts; the round in flight ends when its ops end and still runs its quiescent
// checks. Rounds are sized to be short (round-size.ts), so that round normally ends
// well within the grace with every actor's planned ops done. A round still starting
// ops half a grace after the deadline (a long round of slow ops, --ops fixed) is cut:
// no actor starts another op. Only an op still running a whole grace after the
// deadline is reported (an overrun; two graces while a worker thread still computes), so
// every run ends within budget + grace (+ one more while computing) + teardown.
//
// Why the round in flight is not cut at the deadline itself: a cut round's actors ran
// different numbers of ops, and checks that count (a queue that must be empty when as
// many items were consumed as produced) would fail on correct code, or a consumer would
// wait forever for a producer that stopped first. A short round ends on its own. A cut
// round has the same problem, so what the cut may have caused is no verdict: an
// invariant/verify failure of a cut round, or ops still running a grace after the budget
// when an actor was cut (telemetry A.CUT), is a warning with the full round's replay.
import type { RunSettings } from '../result.js';

/**
 * How long an op may go on past the budget before it is reported. The deadlock
 * timeout already says how long an op may run without anyone completing one; an op
 * that would be fine before the budget is fine after it too.
 */
export const graceMs = (s: Pick<RunSettings, 'deadlockTimeoutMs'>): number => s.deadlockTimeoutMs;

/**
 * After a scenario's last round: how long the loop keeps turning for late errors
 * (a timer or rejection an op left behind) before the verdict, so that a late error
 * is blamed on the scenario that caused it and not on the next one. The window ends
 * early once nothing the scenario left can run (engine/settle.ts).
 */
export const SETTLE_MS = 200;

/** Epoch ms at which the budget ends (no new round); Infinity for a single-round replay. */
export function deadlineOf(s: Pick<RunSettings, 'durationMs' | 'round'>, startedAt: number): number {
  return s.round !== undefined ? Infinity : startedAt + s.durationMs;
}

/**
 * How many times the slowest so far a next op or round is expected to take, near the
 * budget's end: op times vary (a query, a timer's jitter, and CPU-bound ops on fewer
 * cores than actors, whose times depend on how many others compute meanwhile).
 */
export const SLOW_MARGIN = 2;

/** Epoch ms from which no actor starts another op: half a grace past the deadline. */
export const cutOf = (deadline: number, grace: number): number => deadline + grace / 2;
