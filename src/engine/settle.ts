// The settle window (README "Budget, grace and settle"): after a scenario's last round
// the loop keeps turning, so that a late error (a timer or rejection an op left behind)
// lands in the scenario that caused it. It lasts up to SETTLE_MS, and ends as soon as
// nothing the scenario left can still run a callback, on any of its threads:
// - on this thread, no resource in process.getActiveResourcesInfo() beyond racecheck's
//   own, none of the sources that list cannot show (watch/wake-sources.ts: unref'd
//   handles, timed waits, threads the scenario started) and no work handed to threads
//   that list never shows (watch/off-loop-work.ts: crypto, zlib, c-ares, addons);
// - every worker actor's thread said the same of itself at the end of its last round
//   (worker/entry.ts, leftBehind());
// - and two loop turns in a row found it so: callbacks already due and unhandled
//   rejections (raised after a turn's microtasks) have run by then.
// What nothing can wake never runs, so ending then loses no late error the full window
// would have caught. A passing scenario's verdict no longer waits 200 ms for nothing.
import { SETTLE_MS } from './budget.js';
import { extraResources } from '../watch/grade/loop-idle.js';
import { installWakeTracking, lateWakeSources, notOwn } from '../watch/wake-sources.js';
import { installOffLoopTracking, offLoopWorkUsed } from '../watch/off-loop-work.js';
import { loopSources, slowWait } from '../watch/loop-monitor.js';

/**
 * Resource types racecheck holds for as long as a scenario runs: the pipes to the
 * supervisor, the pool's ports. Anything else in a baseline (a timer about to fire, a
 * request in flight) is gone by the settle, so it must not hide one of the scenario's.
 */
const LASTING = new Set(['PipeWrap', 'TTYWrap', 'MessagePort']);
const lastingOf = (list: readonly string[]): string[] => list.filter((r) => LASTING.has(r));

let baseline: string[] = [];

/**
 * On a thread about to import a scenario: note racecheck's own resources and start
 * tracking the sources the resource list cannot show. `isScenario`: the phase rule of
 * the loop-only deadlock check (watch/wake-sources.ts). `lazy` (a pool thread, where
 * only the settle reads them): modules nobody loaded yet are watched for a load
 * instead of being loaded to be wrapped.
 */
export function watchForSettle(isScenario: () => boolean, opts: { lazy?: boolean } = {}): void {
  installWakeTracking(isScenario, opts);
  installOffLoopTracking(notOwn);
  baseline = lastingOf(process.getActiveResourcesInfo());
}

/** Resources racecheck added since `before` (the pool it started): its own, not the scenario's. */
export const ownSince = (before: readonly string[]): string[] => lastingOf(extraResources(before, process.getActiveResourcesInfo()));

/** What the scenario left on this thread that may still run a callback (empty: nothing can). */
export function leftBehind(own: readonly string[] = []): string[] {
  const out = extraResources([...baseline, ...own], process.getActiveResourcesInfo());
  out.push(...lateWakeSources());
  const work = offLoopWorkUsed();
  if (work) out.push(work);
  return out;
}

/**
 * Whether something of the scenario's is pending on this thread now that can still call
 * back (a timer, a socket, a request, a hidden source, work off the loop; an immediate
 * is a loop turn): the main thread's list (watch/loop-monitor.ts), beyond this thread's
 * baseline and `own`. A worker actor's thread stamps it (F.LOOP_WAIT, worker/entry.ts).
 */
export const pendingHere = (own: readonly string[] = []): boolean => slowWait(loopSources(baseline, own));

const STEP_MS = 10;
const turn = () => new Promise<void>((r) => setImmediate(r));

/**
 * Turns the loop until nothing of the scenario's can run (see above) or SETTLE_MS have
 * passed. `threadsQuiet`: every worker actor's thread reported nothing left behind.
 */
export async function settleWindow(threadsQuiet: boolean, own: readonly string[]): Promise<void> {
  const end = performance.now() + SETTLE_MS;
  let clear = 0;
  for (;;) {
    // Checked from an immediate: a timer callback still counts its own timer as active.
    await turn();
    clear = threadsQuiet && leftBehind(own).length === 0 ? clear + 1 : 0;
    if (clear >= 2) return;
    const left = end - performance.now();
    if (left <= 0) return;
    if (clear === 0) await new Promise((r) => setTimeout(r, Math.min(STEP_MS, left)));
  }
}
