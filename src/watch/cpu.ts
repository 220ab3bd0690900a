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
 * What a stall of the main thread's heartbeat past the threshold is evidence of:
 * - 'block': the scenario's. Sleeping in the kernel (Atomics.wait, a sync syscall)
 *   on two looks in a row, or runnable and having burnt at least the threshold's worth
 *   of CPU since its last beat: on an idle machine the same code would have kept the
 *   loop from turning that long.
 * - 'wait': not yet. Runnable with less CPU than that (the OS ran it a share of the
 *   stall: a loaded machine, a GC, racecheck's own work between a deschedule and the
 *   next beat), or asleep on this first look (a short wait inside V8 or Node, say for
 *   a GC helper thread, looks the same as Atomics.wait for an instant). A real block
 *   keeps growing and is judged again on the next look.
 * Unknown (no /proc) is 'block': other platforms keep the plain check.
 */
export function judgeStall(now: ThreadCpu | undefined, cpuAtLastBeat: number | undefined, thresholdMs: number, asleepBefore: boolean): 'block' | 'wait' {
  if (!now || cpuAtLastBeat === undefined) return 'block';
  if (now.state === 'S' || now.state === 'D') return asleepBefore ? 'block' : 'wait';
  return now.cpuMs - cpuAtLastBeat >= Math.max(thresholdMs * 0.9, thresholdMs - TICK_MS) ? 'block' : 'wait';
}
