// Run processes, forked ahead of need. A run process spends ~200 ms of this
// machine's time booting Node and importing the engine before it can look at a
// scenario; a spare forked early (at CLI start, or while the previous file of a
// folder runs) does that in parallel and then waits for its job on the IPC
// channel. Every file still gets a fresh process of its own: a hostile scenario
// can only ever take down the process it runs in (supervisor.ts's isolation).
import { fork, type ChildProcess } from 'node:child_process';
import { newestEntry } from '../bundled.js';
import { tagRunProcess, tokenEnv } from './reap.js';

// The run process's entry bundled into one file (src/bundled.ts): it loads one module instead of ~90.
const RUN_PROCESS = newestEntry(new URL('./run-process.js', import.meta.url));

let spare: { child: ChildProcess; cwd: string } | undefined;

function forkRunProcess(cwd: string): ChildProcess {
  // A token in its environment marks everything it starts, even re-parented (reap.ts).
  const { token, env } = tokenEnv();
  const child = fork(RUN_PROCESS, [], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc', 'pipe'],
    execArgv: process.env.RACECHECK_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.RACECHECK_PROF}`] : [],
    // Its own process group: whatever the scenario spawned (a child process a stuck
    // worker waits for) dies with it, and Ctrl-C reaches only the supervisor, which
    // asks the run process to stop and reports.
    detached: true,
  });
  tagRunProcess(child, token);
  return child;
}

/** Handles of a waiting spare must not keep the supervisor alive. */
function hold(child: ChildProcess, on: boolean): void {
  for (const h of [child, child.channel, child.stdout, child.stderr, child.stdio[4]] as ({ ref(): void; unref(): void } | null | undefined)[]) {
    if (on) h?.ref();
    else h?.unref();
  }
}

/** Fork a spare run process for `cwd` now, unless one is waiting already. */
export function prefork(cwd: string = process.cwd()): void {
  if (spare && spare.child.exitCode === null && spare.child.signalCode === null && spare.cwd === cwd) return;
  dropSpare();
  const child = forkRunProcess(cwd);
  hold(child, false);
  // A spare that dies while it waits (out of memory, killed) is simply not used.
  child.once('exit', () => {
    if (spare?.child === child) spare = undefined;
  });
  spare = { child, cwd };
}

/** A run process for `cwd` that is about to get its job: the waiting spare if it fits, else a new one. */
export function takeRunProcess(cwd: string): ChildProcess {
  const s = spare;
  spare = undefined;
  if (s && s.cwd === cwd && s.child.exitCode === null && s.child.signalCode === null && s.child.connected) {
    hold(s.child, true);
    return s.child;
  }
  if (s) s.child.kill('SIGKILL');
  return forkRunProcess(cwd);
}

/** The pid of the waiting spare (the supervisor kills its group on exit). */
export const sparePid = (): number | undefined => spare?.child.pid;

/** End the waiting spare (the run is over; nothing else will take it). */
export function dropSpare(): void {
  const s = spare;
  spare = undefined;
  if (s && s.child.exitCode === null) {
    try {
      process.kill(-s.child.pid!, 'SIGKILL');
    } catch {
      s.child.kill('SIGKILL');
    }
  }
}
