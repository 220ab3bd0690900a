// Spawning racecheck (or a harness) as its own process and timing it from the
// outside: wall time from spawn to exit, optional marks when a stderr line
// matches, optional RSS sampling of the process and its children via /proc.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { ROOT } from './paths.mjs';

/** kB fields of /proc/<pid>/status, or undefined once the process is gone. */
export function procStatus(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const get = (k) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? NaN);
    return { rssKb: get('VmRSS'), hwmKb: get('VmHWM'), threads: get('Threads') };
  } catch {
    return undefined;
  }
}

/** Direct children of pid as [pid, command line]. */
export function childrenOf(pid) {
  try {
    const out = execFileSync('ps', ['--ppid', String(pid), '-o', 'pid=,args='], { encoding: 'utf8' });
    return out.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
      const m = /^(\d+)\s+(.*)$/.exec(l);
      return [Number(m[1]), m[2]];
    });
  } catch {
    return []; // ps exits 1 when there are none
  }
}

/**
 * Run `node args...` from the repo root. Resolves with exit code, wall time,
 * output, the time of the first stderr line matching each `marks` regexp, and,
 * with sampleMs, RSS samples of the process and of its child matching `childMatch`.
 */
export function timed(args, { timeoutMs = 60_000, marks = {}, sampleMs, childMatch, env, cwd = ROOT } = {}) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env },
    });
    let stdout = '';
    let stderr = '';
    const seen = {};
    child.stdout.setEncoding('utf8').on('data', (c) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c) => {
      const at = performance.now() - t0;
      stderr += c;
      for (const [name, re] of Object.entries(marks)) if (seen[name] === undefined && re.test(stderr)) seen[name] = at;
    });
    const kill = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const samples = [];
    let sub;
    let sampler;
    if (sampleMs) {
      sampler = setInterval(() => {
        if (!sub) sub = childrenOf(child.pid).find(([, cmd]) => childMatch?.test(cmd))?.[0];
        const main = procStatus(child.pid);
        const inner = sub ? procStatus(sub) : undefined;
        if (main) samples.push({ t: performance.now() - t0, main, inner });
      }, sampleMs);
    }
    child.on('close', (code, signal) => {
      const wallMs = performance.now() - t0;
      clearTimeout(kill);
      clearInterval(sampler);
      resolve({ code, signal, wallMs, stdout, stderr, marks: seen, samples, timedOut: signal === 'SIGKILL' });
    });
  });
}

/** The JSON reporter's output (stdout), or undefined when it is not JSON. */
export function parseJson(stdout) {
  try {
    return JSON.parse(stdout);
  } catch {
    return undefined;
  }
}

/** All scenario entries of a racecheck JSON report. */
export const scenariosOfReport = (report) => report?.files?.flatMap((f) => f.scenarios) ?? [];
