// The Scheduler interface (shuttle-style: the engine asks, the strategy picks).
// In a controlled round every ctx.yield of a loop task parks its actor; when no
// actor can run without the scheduler, the engine calls next() with the parked
// actors and releases the one it returns. Strategies are pure functions of
// their seed and the sequence of calls, so a round's decisions replay exactly
// from its schedule token (schedule.ts) as long as the code under test is
// deterministic between yields (no timers or I/O racing the scheduler).

export interface Scheduler {
  /** Which of the parked actors continues. `parked` is in ascending id order, never empty. */
  next(parked: readonly number[]): number;
  /**
   * Actor `id` parked again and again (loop-control.ts STALL_PARKS times) at the
   * same yield with no op, transition or section event in between: it is
   * spinning on a condition (`while (!ready)
   * await ctx.yield()`). Strategies that would keep choosing it must not (PCT
   * would hang on it forever at the top priority).
   */
  stalled(id: number): void;
}

/** A controlled strategy and its parameters: what a schedule token names. */
export type ControlledSchedule =
  | { strategy: 'random' }
  | { strategy: 'pct'; depth: number; steps: number };

/** What a round runs under: today's seeded delays, or a controlled schedule. */
export type RoundSchedule = { strategy: 'mix' } | ControlledSchedule;

export type SchedulerName = 'mix' | 'random' | 'pct' | 'auto';
export const SCHEDULER_NAMES: readonly SchedulerName[] = ['mix', 'random', 'pct', 'auto'];
