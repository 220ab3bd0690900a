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

/** 'R' running or runnable, 'S'/'D' asleep, ...; undefined when unknown. */
export function threadState(tid: number | undefined): string | undefined {
  if (!tid) return undefined;
  try {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'latin1');
    return stat.charAt(stat.lastIndexOf(')') + 2) || undefined;
  } catch {
    return undefined;
  }
}
