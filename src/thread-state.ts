// Is a thread of this process running (or runnable), or asleep? Linux says so in
// /proc; a controlled round uses it to tell a thread the machine has not scheduled
// (keep waiting for it: the schedule stays exact) from one asleep on something the
// scheduler does not see (go on without it). Undefined where /proc is missing.
import { readFileSync, readlinkSync } from 'node:fs';

let own: number | undefined | null = null;

/** This thread's kernel thread id (not the worker threadId), cached per thread. */
export function ownTid(): number | undefined {
  if (own === null) {
    try {
      // "<pid>/task/<tid>"
      own = Number(readlinkSync('/proc/thread-self').split('/').pop()) || undefined;
    } catch {
      own = undefined;
    }
  }
  return own;
}

/** A thread's scheduler state and CPU time, from /proc/self/task/<tid>/stat. */
export interface ThreadStat {
  /** 'R' running or runnable, 'S'/'D' asleep, ... */
  state: string;
  /** User + system CPU time in ms (clock ticks of 10 ms, Linux's USER_HZ). */
  cpuMs: number;
}

const TICK_MS = 10;

export function readThreadStat(tid: number | undefined): ThreadStat | undefined {
  if (!tid) return undefined;
  try {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'latin1');
    // Fields after "(comm)": state is field 3, utime 14, stime 15.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: rest[0]!, cpuMs: (Number(rest[11]) + Number(rest[12])) * TICK_MS };
  } catch {
    return undefined;
  }
}

/** 'R' running or runnable, 'S'/'D' asleep, ...; undefined when unknown. */
export function threadState(tid: number | undefined): string | undefined {
  return readThreadStat(tid)?.state;
}
