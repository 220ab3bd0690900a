// Was a late main-thread heartbeat the scenario's doing, or the machine's? On a
// loaded machine the OS can leave the main thread runnable but unscheduled for
// hundreds of milliseconds; that is no starvation bug. Linux tells the two apart
// in /proc: a thread blocked by the scenario is either sleeping in the kernel
// (Atomics.wait, a sync syscall: state S/D) or burning CPU (a busy loop), while a
// descheduled one is runnable (state R) and gained little CPU time meanwhile.
import { readThreadStat, type ThreadStat } from '../thread-state.js';

export type ThreadCpu = ThreadStat;

const TICK_MS = 10;

/** The main thread's state (its thread id is the process id); undefined where /proc is missing. */
export function readMainThread(): ThreadCpu | undefined {
  return readThreadStat(process.pid);
}

/**
 * True when a stall of `stallMs` looks like the OS not running the main thread:
 * runnable, and (almost) no CPU time gained during the stall. A heartbeat costs
 * microseconds, so a main thread that got real CPU time and still did not beat
 * was busy with something else: a busy loop keeps burning whatever share of a
 * loaded machine it gets (20 % of a core is 40 ms in a 200 ms stall). Up to one
 * clock tick (10 ms) or 5 % of the stall counts as none. Unknown (no /proc)
 * counts as not descheduled, so other platforms keep the plain check.
 */
export function looksDescheduled(now: ThreadCpu | undefined, cpuAtLastBeat: number | undefined, stallMs: number): boolean {
  if (!now || cpuAtLastBeat === undefined || stallMs <= 0) return false;
  return now.state === 'R' && now.cpuMs - cpuAtLastBeat <= Math.max(TICK_MS, stallMs * 0.05);
}
