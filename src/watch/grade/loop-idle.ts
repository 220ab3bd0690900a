// Pure part of the loop-only deadlock check: the main thread's pending loop tasks can
// only be woken by something the event loop is still waiting for (timers, immediates,
// I/O, ports, child processes) or by another thread. With no worker actor left running,
// nothing in process.getActiveResourcesInfo() beyond what racecheck itself held before
// the round, and none of the sources that list cannot show (worker threads the scenario
// started, unref'd handles, timed waits: watch/wake-sources.ts; work in flight on
// libuv's pool, c-ares or an addon: watch/off-loop-work.ts), nothing can wake them.

/**
 * Handles in the round's baseline that stay: racecheck holds no ref'd timer or
 * immediate through a round (its own are unref'd), so one in the baseline is about to
 * fire, and subtracting it would hide a scenario's timer that replaces it.
 */
export const lasting = (baseline: readonly string[]): string[] => baseline.filter((r) => r !== 'Timeout' && r !== 'Immediate');

/** Resources in `now` beyond those in `baseline` (multisets of resource type names). */
export function extraResources(baseline: readonly string[], now: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const r of baseline) left.set(r, (left.get(r) ?? 0) + 1);
  const extra: string[] = [];
  for (const r of now) {
    const n = left.get(r) ?? 0;
    if (n > 0) left.set(r, n - 1);
    else extra.push(r);
  }
  return extra;
}

export interface LoopView {
  /** Worker actors not yet done with the round. */
  workersRunning: number;
  /** Loop-task actors not yet done with the round. */
  tasksPending: number;
  /** Resources the loop waits for beyond racecheck's own. */
  extra: readonly string[];
  /** Wake-up sources the scenario holds that the resource list cannot show (watch/wake-sources.ts). */
  hidden: readonly string[];
}

/** Certain only when no source of any kind is left; anything else falls back to the no-progress timeout. */
export const nothingCanWake = (v: LoopView): boolean =>
  v.tasksPending > 0 && v.workersRunning === 0 && v.extra.length === 0 && v.hidden.length === 0;
