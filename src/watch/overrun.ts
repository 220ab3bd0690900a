// The overrun rule of the budget contract (engine/budget.ts, README "Budget, grace and
// settle"), here because the watchdog applies it too and watch/ sits below engine/.
/**
 * Epoch ms from which an op still running is reported (an overrun): a grace after the
 * deadline, or two while a worker thread of the round still computes (watch/compute.ts).
 * A CPU-bound op's time on a loaded machine varies more than engine/budget.ts SLOW_MARGIN allows, and
 * an op that computes is not known to be stuck; one that still computes a grace later
 * is reported all the same (a spin on a flag nobody sets computes too).
 */
export const overrunAt = (deadline: number, grace: number, computing: boolean): number => deadline + (computing ? 2 : 1) * grace;

/** The latest a scenario's round may end without a verdict: every overrun is reported by then. */
export const lastOverrunAt = (deadline: number, grace: number): number => overrunAt(deadline, grace, true);
