// The control suite: real, correct code driving widely used concurrency libraries the
// way their users do, plus slow ops (timers, child processes, fs), threads and ports of
// the scenario's own. Each must be clean over several seeds with default settings and
// end within its budget plus the grace: this is how racecheck finds its own false
// positives before its users do. A *-buggy.ts control reproduces a library's published,
// fixed bug (the old version installed under an npm alias) and must be found.
//
// Two runs at a time (each is a run process with its worker pool, on 2 cores).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../e2e/helpers.js';

const DIR = path.join(ROOT, 'test/controls');
const SEEDS = [1, 2, 3];
const BUDGET_MS = 2_000;
const BUGGY_BUDGET = '10s';
/** engine/budget.ts: the grace is the deadlock timeout (default 2 s). */
const GRACE_MS = 2_000;
/**
 * On top of budget + grace: the settle window, the pool's close and a loaded machine.
 * Timed from the budget's start (the worker pool's start-up is left out: startupMs).
 * Generous: this bounds a run that ignores its budget (a 50-op round of slow ops took
 * 3x the budget), it does not time racecheck.
 */
const SLACK_MS = 3_000;

const files = (suffix: RegExp) => readdirSync(DIR).filter((f) => suffix.test(f)).sort();
const controls = files(/^(?!.*-buggy\.ts$).*\.ts$/).filter((f) => !f.endsWith('.test.ts'));
const buggy = files(/-buggy\.ts$/);

function limiter(n: number) {
  let free = n;
  const queue: (() => void)[] = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (free > 0) free--;
    else await new Promise<void>((r) => queue.push(r));
    try {
      return await fn();
    } finally {
      const next = queue.shift();
      if (next) next();
      else free++;
    }
  };
}
const slot = limiter(2);

interface JsonScenario {
  name: string;
  status: string;
  rounds: number;
  ops: number;
  durationMs: number;
  startupMs?: number;
  findings: { kind: string; check: string; message: string }[];
}

async function run(file: string, args: string[]) {
  const argv = ['run', `test/controls/${file}`, ...args, '--reporter', 'json'];
  // The fs controls write under os.tmpdir(): a folder of this run's own, removed after.
  const tmp = mkdtempSync(path.join(tmpdir(), 'racecheck-controls-'));
  const r = await slot(() => runCli(argv, { timeoutMs: 90_000, env: { TMPDIR: tmp } })).finally(() => rmSync(tmp, { recursive: true, force: true }));
  const what = `racecheck ${argv.join(' ')} (exit ${r.code}, ${Math.round(r.ms)} ms)`;
  let scenarios: JsonScenario[];
  try {
    scenarios = (JSON.parse(r.stdout) as { files: { scenarios: JsonScenario[] }[] }).files.flatMap((f) => f.scenarios);
  } catch {
    throw new Error(`${what}: no JSON report\n${r.stderr.slice(-2000)}`);
  }
  const detail = `${what}\n` + scenarios.map((s) => `  ${s.name}: ${s.status}, ${s.rounds} rounds, ${s.ops} ops, ${Math.round(s.durationMs)} ms (${Math.round(s.startupMs ?? 0)} ms of it start-up)` +
    s.findings.map((f) => `\n    ${f.kind}/${f.check}: ${f.message}`).join('')).join('\n');
  return { r, scenarios, detail };
}

describe('controls: correct code stays clean and ends on its budget', () => {
  it('has controls', () => expect(controls.length).toBeGreaterThan(10));
  for (const file of controls) {
    it.concurrent.each(SEEDS)(`${file} (seed %i)`, async (seed) => {
      const { r, scenarios, detail } = await run(file, ['--seed', String(seed), '--duration', `${BUDGET_MS}ms`]);
      expect(scenarios.flatMap((s) => s.findings), detail).toEqual([]);
      expect(r.code, detail).toBe(0);
      for (const s of scenarios) {
        expect(s.status, detail).toBe('pass');
        expect(s.ops, `${detail}\nran no op`).toBeGreaterThan(0);
        expect(s.durationMs - (s.startupMs ?? 0), `${detail}\nlonger than budget + grace`).toBeLessThan(BUDGET_MS + GRACE_MS + SLACK_MS);
      }
    }, 180_000);
  }
});

describe('controls: a library bug that was published and fixed is found', () => {
  for (const file of buggy) {
    const m = /^\s*\/\/\s*expect:\s*([a-z-]+)(?:\s+([a-z-]+))?\s*$/m.exec(readFileSync(path.join(DIR, file), 'utf8'));
    it.concurrent.each(SEEDS)(`${file} -> ${m?.[1]} ${m?.[2] ?? ''} (seed %i)`, async (seed) => {
      expect(m, `${file}: no // expect: line`).not.toBeNull();
      const { r, scenarios, detail } = await run(file, ['--seed', String(seed), '--duration', BUGGY_BUDGET]);
      expect(r.code, detail).toBe(1);
      const found = scenarios.flatMap((s) => s.findings).some((f) => f.kind === m![1] && (m![2] === undefined || f.check === m![2]));
      expect(found, detail).toBe(true);
    }, 180_000);
  }
});
