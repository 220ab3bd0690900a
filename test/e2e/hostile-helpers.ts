// The harness of the hostile e2e tests (issue 9): runs bin/racecheck and says what it
// left behind, by PID, never by a pattern.
//  - PIDs a fixture writes to $RC_PIDFILE (test/fixtures/hostile/pids.ts): its run
//    process and the children it starts, even ones re-parented at once;
//  - every process seen under the CLI while it runs (its run processes, esbuild, the
//    scenario's children), found by walking /proc's parent links, each remembered with
//    its start time so a PID the kernel reuses for someone else's process is never
//    counted or killed.
// TMPDIR is private to each run, so "no racecheck-* folder left" is exact.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, ROOT } from './helpers.js';

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** PIDs (fixture-written or seen under the CLI) still alive after it exited; zombies count as gone. */
  left: number[];
  /** PIDs the fixture wrote down. */
  pids: number[];
  /** Processes seen under the CLI while it ran (the CLI itself not included). */
  descendants: number[];
  /** racecheck-* folders left in the run's private TMPDIR. */
  bundles: string[];
}

interface Stat {
  ppid: number;
  start: string;
  zombie: boolean;
}

function statOf(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // "pid (comm) state ppid ..." where comm may hold spaces and parentheses.
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { zombie: f[0] === 'Z' || f[0] === 'X', ppid: Number(f[1]), start: f[19] ?? '' };
  } catch {
    return undefined;
  }
}

/** Adds the processes under `root` now to `seen` (PID -> start time). */
function pollTree(root: number, seen: Map<number, string>): void {
  const parent = new Map<number, Stat>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const s = statOf(pid);
    if (s) parent.set(pid, s);
  }
  // A process is under root when root, or one already seen under it, is its parent.
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, s] of parent) {
      if (seen.has(pid) || pid === root) continue;
      if (s.ppid === root || seen.has(s.ppid)) {
        seen.set(pid, s.start);
        grew = true;
      }
    }
  }
}

function alive(pid: number, start?: string): boolean {
  const s = statOf(pid);
  return !!s && !s.zombie && (start === undefined || s.start === start);
}

async function stillAlive(pids: Map<number, string | undefined>, waitMs = 1500): Promise<number[]> {
  const until = Date.now() + waitMs;
  for (;;) {
    const left = [...pids].filter(([pid, start]) => alive(pid, start)).map(([pid]) => pid);
    if (left.length === 0 || Date.now() > until) return left;
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface HostileOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Sent to the CLI once the fixture wrote two PIDs (its run process and its child), plus afterMs. */
  signal?: NodeJS.Signals;
  afterMs?: number;
  limitMs?: number;
}

/**
 * Runs the CLI; resolves when it exits (not when its pipes close: that is what a
 * user's shell waits for too). Whatever is left alive is killed by PID afterwards,
 * never left to the next test.
 */
export function hostile(args: string[], opts: HostileOptions = {}): Promise<Run> {
  const tmp = mkdtempSync(path.join(tmpdir(), 'rc-hostile-'));
  const pidfile = path.join(tmp, 'pids');
  writeFileSync(pidfile, '');
  const readPids = () => readFileSync(pidfile, 'utf8').split('\n').filter(Boolean).map(Number);
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp, RC_PIDFILE: pidfile, ...opts.env };
    delete env.FORCE_COLOR;
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const tree = new Map<number, string>();
    const walk = () => child.pid !== undefined && pollTree(child.pid, tree);
    walk();
    const walker = setInterval(walk, 50);
    const guard = setTimeout(() => child.kill('SIGKILL'), opts.limitMs ?? 60_000);
    let poll: NodeJS.Timeout | undefined;
    if (opts.signal) {
      poll = setInterval(() => {
        if (readPids().length < 2) return;
        clearInterval(poll);
        setTimeout(() => child.kill(opts.signal), opts.afterMs ?? 500);
      }, 50);
    }
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const ms = performance.now() - started;
      clearTimeout(guard);
      clearInterval(poll);
      clearInterval(walker);
      // Give the pipes a moment for the last bytes (the CLI flushed them before exiting).
      setTimeout(async () => {
        const pids = readPids();
        const watched = new Map<number, string | undefined>(tree);
        for (const pid of pids) if (!watched.has(pid)) watched.set(pid, undefined);
        const left = await stillAlive(watched);
        for (const pid of left) process.kill(pid, 'SIGKILL');
        const bundles = readdirSync(tmp).filter((f) => f.startsWith('racecheck-'));
        rmSync(tmp, { recursive: true, force: true });
        resolve({ code, signal, stdout, stderr, ms, left, pids, descendants: [...tree.keys()], bundles });
      }, 100);
    });
  });
}

export interface JsonFinding {
  kind: string;
  check: string;
  message: string;
  round: number;
  replay: string;
  stack: string | null;
}
export interface JsonReport {
  files: { scenarios: { status: string; replay: string; warnings?: string[]; findings: JsonFinding[] }[] }[];
}

export const jsonOf = (r: Run) => JSON.parse(r.stdout) as JsonReport;
export const findings = (r: Run) => jsonOf(r).files.flatMap((f) => f.scenarios).flatMap((s) => s.findings);
export const errorLines = (r: Run) => r.stderr.trim().split('\n').filter(Boolean);
/** racecheck's own lines on stderr (a dying run process's V8 dump, a scenario's console output are not). */
export const racecheckLines = (r: Run) => errorLines(r).filter((l) => l.startsWith('racecheck'));
