// Every process a scenario starts dies with its run. A process group is not enough:
// a detached child (spawn(..., { detached: true })) makes a group of its own, and a
// child whose parent exited is re-parented to init, out of any tree walk. So a run's
// processes are found three ways, all cheap on Linux:
//  - the tree under the run process (/proc/<pid>/task/*/children), walked every
//    POLL_MS while it runs and once more when it says 'done': ~a few ms a walk;
//  - a token in the environment (RACECHECK_RUN_TOKEN), inherited by every
//    descendant that does not clear its environment: found even when re-parented;
//  - every process seen once is remembered with its start time, so a recorded PID
//    that the kernel reused for someone else's process is never killed.
// Without /proc (macOS, Windows) only the process group is killed (supervisor.ts).
import { readdirSync, readFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';

export const RUN_TOKEN_ENV = 'RACECHECK_RUN_TOKEN';
const POLL_MS = 250;
const HAS_PROC = process.platform === 'linux' && readable('/proc/self/stat');

function readable(file: string): boolean {
  try {
    readFileSync(file);
    return true;
  } catch {
    return false;
  }
}

interface Stat {
  ppid: number;
  pgid: number;
  /** Start time since boot in clock ticks: a PID plus this names one process for ever. */
  start: string;
  zombie: boolean;
}

function statOf(pid: number): Stat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return undefined;
  }
  // "pid (comm) state ppid pgrp ..." where comm may hold spaces and parentheses.
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { zombie: f[0] === 'Z' || f[0] === 'X', ppid: Number(f[1]), pgid: Number(f[2]), start: f[19] ?? '' };
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const t of tasks) {
    try {
      for (const c of readFileSync(`/proc/${pid}/task/${t}/children`, 'latin1').split(' ')) if (c) out.push(Number(c));
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').filter(Boolean).join(' ').slice(0, 200);
  } catch {
    return '?';
  }
}

function hasToken(pid: number, needle: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(needle);
  } catch {
    return false;
  }
}

let forks = 0;
/** A fresh token and the environment that carries it (for fork). */
export function tokenEnv(): { token: string; env: NodeJS.ProcessEnv } {
  // Unique on this machine (no crypto import at CLI start): this pid, a counter, the clock.
  const token = `${process.pid}.${++forks}.${Math.round(performance.timeOrigin + performance.now())}`;
  return { token, env: { ...process.env, [RUN_TOKEN_ENV]: token } };
}

export interface Survivor {
  pid: number;
  command: string;
}

/** esbuild's service process is racecheck's own (it exits when its run process does). */
const isOurs = (command: string) => /esbuild\S*\s+--service/.test(command);

/** The processes of one run: the run process's descendants, by any of the three ways. */
export class ProcessTree {
  private readonly seen = new Map<number, string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly root: number, private readonly token: string | undefined) {}

  /** Walk the tree under the run process now, remembering what is there. */
  poll(): void {
    if (!HAS_PROC) return;
    const queue = childrenOf(this.root);
    for (let pid = queue.pop(); pid !== undefined; pid = queue.pop()) {
      if (this.seen.has(pid)) {
        queue.push(...childrenOf(pid));
        continue;
      }
      const s = statOf(pid);
      if (!s) continue;
      this.seen.set(pid, s.start);
      queue.push(...childrenOf(pid));
    }
  }

  /** Poll every POLL_MS until stop(); the timer never keeps the supervisor alive. */
  watch(): this {
    if (HAS_PROC && !this.timer) {
      this.timer = setInterval(() => this.poll(), POLL_MS);
      this.timer.unref();
    }
    return this;
  }

  /** The run's processes still alive (the run process itself excluded). */
  alive(): Survivor[] {
    if (!HAS_PROC) return [];
    this.poll();
    const found = new Map<number, string>();
    for (const [pid, start] of this.seen) {
      const s = statOf(pid);
      if (s && !s.zombie && s.start === start) found.set(pid, start);
    }
    if (this.token) {
      const needle = `${RUN_TOKEN_ENV}=${this.token}`;
      for (const name of readdirSync('/proc')) {
        const pid = Number(name);
        if (!Number.isInteger(pid) || pid === this.root || pid === process.pid || found.has(pid)) continue;
        if (!hasToken(pid, needle)) continue;
        const s = statOf(pid);
        if (s && !s.zombie) found.set(pid, s.start);
      }
    }
    found.delete(this.root);
    return [...found.keys()].map((pid) => ({ pid, command: commandOf(pid) }));
  }

  /**
   * SIGKILL every process of the run (not the run process: the supervisor ends it).
   * Returns those the scenario started (racecheck's own esbuild service left out).
   */
  killAll(): Survivor[] {
    const left = this.alive();
    for (const { pid } of left) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
    // A process whose command line reads empty is already exiting (the kernel releases it
    // first: a shell that started the leak and is ending, seen under load): not a leak.
    return left.filter((p) => p.command !== '' && !isOurs(p.command));
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}

const tokens = new WeakMap<ChildProcess, string>();
/** Remember which token a forked run process carries (engine/spawn.ts). */
export const tagRunProcess = (child: ChildProcess, token: string): void => void tokens.set(child, token);

const live = new Set<ProcessTree>();
/** Track a run process's tree from now until release(); killed if the supervisor exits first. */
export function trackRun(child: ChildProcess): ProcessTree & { release(): void } {
  const tree = new ProcessTree(child.pid ?? -1, tokens.get(child)).watch();
  live.add(tree);
  return Object.assign(tree, {
    release: () => {
      tree.stop();
      live.delete(tree);
    },
  });
}

/** Run-process groups still alive: killed if the supervisor itself exits first. */
const liveGroups = new Set<number>();
/** Track a run process's group until the returned release. */
export function trackGroup(pid: number | undefined): () => void {
  if (pid === undefined) return () => undefined;
  liveGroups.add(pid);
  return () => void liveGroups.delete(pid);
}

/** False when there is no such group to kill (gone already, or no process groups: Windows). */
export function killProcessGroup(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(-pid, 'SIGKILL');
    return true;
  } catch {
    return false;
  }
}

/** The supervisor is exiting (engine/exit-cleanup.ts): every tracked run's group and tree. */
export function killTrackedRuns(): void {
  for (const pid of liveGroups) killProcessGroup(pid);
  for (const tree of live) tree.killAll();
}

/** The run process itself, when its supervisor is gone: end its own descendants. */
export function reapOwnTree(): void {
  new ProcessTree(process.pid, process.env[RUN_TOKEN_ENV]).killAll();
}

/** "left 2 processes running: 1234 sleep 861, ..." */
export function leakWarning(left: Survivor[]): string {
  const shown = left.slice(0, 5).map((p) => `${p.pid} ${p.command}`).join(', ');
  return `the scenario left ${left.length === 1 ? 'a process' : `${left.length} processes`} running after the run (killed): ${shown}${left.length > 5 ? ', ...' : ''}`;
}
