// Was a late main-thread heartbeat the scenario's doing, or the machine's? On a
// loaded machine the OS can leave the main thread runnable but unscheduled for
// hundreds of milliseconds; that is no starvation bug. Linux tells the two apart
// in /proc: a thread blocked by the scenario is either sleeping in the kernel
// (Atomics.wait, a sync syscall: state S/D) or burning CPU (a busy loop), while a
// descheduled one is runnable (state R) and gained little CPU time meanwhile.
import { readFileSync } from 'node:fs';

export interface ThreadCpu {
  /** Scheduler state: R running/runnable, S sleeping, D uninterruptible, ... */
  state: string;
  /** User + system CPU time in ms (clock ticks of 10 ms, Linux's USER_HZ). */
  cpuMs: number;
}

const TICK_MS = 10;

/** The main thread's state (its thread id is the process id); undefined where /proc is missing. */
export function readMainThread(pid = process.pid): ThreadCpu | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
    // Fields after "(comm)": state is field 3, utime 14, stime 15.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: rest[0]!, cpuMs: (Number(rest[11]) + Number(rest[12])) * TICK_MS };
  } catch {
    return undefined;
  }
}

/**
 * True when a stall of `stallMs` looks like the OS not running the main thread:
 * runnable, and less than a quarter of the stall spent on the CPU. Unknown (no
 * /proc) counts as not descheduled, so other platforms keep the plain check.
 */
export function looksDescheduled(now: ThreadCpu | undefined, cpuAtLastBeat: number | undefined, stallMs: number): boolean {
  if (!now || cpuAtLastBeat === undefined || stallMs <= 0) return false;
  return now.state === 'R' && now.cpuMs - cpuAtLastBeat < stallMs * 0.25;
}
