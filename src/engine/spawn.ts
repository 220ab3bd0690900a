// Run processes, forked ahead of need. A run process spends ~200 ms of this
// machine's time booting Node and importing the engine before it can look at a
// scenario; a spare forked early (at CLI start, or while the previous file of a
// folder runs) does that in parallel and then waits for its job on the IPC
// channel. Every file still gets a fresh process of its own: a hostile scenario
// can only ever take down the process it runs in (supervisor.ts's isolation).
// A spare for the next file of a folder run also knows its file: it bundles it
// (esbuild only: none of the scenario's code runs before its job) and starts the
// run's worker threads (engine/pool.ts) while the current file runs.
import { fork, type ChildProcess } from 'node:child_process';
import { tagRunProcess, tokenEnv } from './reap.js';

const RUN_PROCESS = new URL('./run-process.js', import.meta.url);

/** The next file's bundle folder, made by the supervisor (run-end.ts bundleFolder). */
export interface Folder {
  dir: string;
  remove(): void;
}

/** What a spare forked for a known next file prepares while it waits. */
export interface Ahead {
  /** The file as the job will name it, and the folder its bundle goes to. */
  file: string;
  folder: Folder;
  /** The run's worker count: that many pool threads start (0: none). */
  workers: number;
}

let spare: { child: ChildProcess; cwd: string; ahead?: Ahead } | undefined;

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

/**
 * Fork a spare run process for `cwd` now, unless one is waiting already. `ahead`: the
 * next file of a folder run, which the spare bundles, and the run's worker count, whose
 * threads it starts, while it waits.
 */
export function prefork(cwd: string = process.cwd(), ahead?: Ahead): void {
  if (!ahead && spare && spare.child.exitCode === null && spare.child.signalCode === null && spare.cwd === cwd) return;
  dropSpare();
  const child = forkRunProcess(cwd);
  if (ahead) child.send({ type: 'ahead', file: ahead.file, bundleDir: ahead.folder.dir, workers: ahead.workers }, () => undefined); // a spare that died is not used anyway
  hold(child, false);
  // A spare that dies while it waits (out of memory, killed) is simply not used.
  child.once('exit', () => {
    if (spare?.child !== child) return;
    spare.ahead?.folder.remove();
    spare = undefined;
  });
  spare = { child, cwd, ...(ahead ? { ahead } : {}) };
}

/**
 * A run process for `file` in `cwd` that is about to get its job: the waiting spare if it
 * fits, else a new one. `folder`: the bundle folder the spare prepared for this file
 * (the job must name it), or none.
 */
export function takeRunProcess(cwd: string, file: string): { child: ChildProcess; folder?: Folder } {
  const s = spare;
  spare = undefined;
  // A spare prepared for another file is not used: it may still be writing that file's bundle.
  if (s && s.cwd === cwd && s.child.exitCode === null && s.child.signalCode === null && s.child.connected && (!s.ahead || s.ahead.file === file)) {
    hold(s.child, true);
    return { child: s.child, ...(s.ahead ? { folder: s.ahead.folder } : {}) };
  }
  if (s) end(s);
  return { child: forkRunProcess(cwd) };
}

/** The pid of the waiting spare (the supervisor kills its group on exit). */
export const sparePid = (): number | undefined => spare?.child.pid;

/** End the waiting spare (the run is over; nothing else will take it). */
export function dropSpare(): void {
  const s = spare;
  spare = undefined;
  if (s) end(s);
}

/** Kill a spare's group (its esbuild service with it), then remove what it prepared. */
function end(s: NonNullable<typeof spare>): void {
  if (s.child.exitCode === null) {
    try {
      process.kill(-s.child.pid!, 'SIGKILL');
    } catch {
      s.child.kill('SIGKILL');
    }
  }
  s.ahead?.folder.remove();
}
