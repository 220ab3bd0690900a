// The detection suite (loom's `checks_fail`, for every bundled bug): each
// scenarios/*-buggy.ts must be caught with the finding its header declares,
// and each *-fixed.ts must stay clean, over several seeds, through the real
// CLI. Files are discovered, never listed, so a new pair is covered the moment
// it lands.
//
// A buggy file declares what it must produce with a line in its header:
//   // expect: <kind> [check]
// e.g. `// expect: corruption lost-update` or `// expect: deadlock`. <kind> is a
// finding kind (corruption | deadlock | starvation | error); the optional
// check must then match too (lost-update, occupancy, wait-cycle, ...; `a|b`: either,
// for a bug two checks can see first, as the same race).
//
// Every run is a separate `racecheck run` process with 8 worker threads, on a
// 2-core machine, so at most RUNS_AT_ONCE run at a time: more would only make
// each one slower, and time-based checks (deadlock timeout, event-loop delay)
// could start reporting the test harness instead of the scenario.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, type CliRun } from './helpers.js';

const SCENARIOS = path.join(ROOT, 'scenarios');
const SEEDS = [1, 2, 3];
const RUNS_AT_ONCE = 2;
// Generous: a run stops at its first finding, so the budget costs only a run that finds
// late. Rounds are sized to measured op time, so under a loaded CI runner a seed's rounds
// differ from a quiet machine's: a CI run once needed more than 10 s (leader-compaction
// seed 2: 13 rounds in 10 s there, found in round 3 of 175 ms here).
const BUGGY_BUDGET = '30s';
const FIXED_BUDGET = '1s';
// A run ends within its budget + deadlock timeout + grace; this only stops a
// hung CLI from hanging the suite (the assertion then names the run).
const RUN_TIMEOUT_MS = 90_000;

const KINDS = ['corruption', 'deadlock', 'starvation', 'error'] as const;
type Kind = (typeof KINDS)[number];

interface Expectation {
  kind: Kind;
  check?: string;
}

/** The `// expect: <kind> [check]` line of a scenario file, if any. */
function expectationOf(source: string): Expectation | undefined {
  const m = /^\s*\/\/\s*expect:\s*([a-z-]+)(?:\s+([a-z|-]+))?\s*$/m.exec(source);
  if (!m || !(KINDS as readonly string[]).includes(m[1]!)) return undefined;
  return { kind: m[1] as Kind, ...(m[2] !== undefined && { check: m[2] }) };
}

const scenarioFiles = (suffix: string): string[] =>
  readdirSync(SCENARIOS).filter((f) => f.endsWith(suffix)).sort();
const buggy = scenarioFiles('-buggy.ts');
const fixed = scenarioFiles('-fixed.ts');

/** A tiny FIFO semaphore: tests are declared concurrently, runs take a slot. */
function limiter(n: number) {
  let free = n;
  const queue: (() => void)[] = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (free > 0) free--;
    else await new Promise<void>((resolve) => queue.push(resolve));
    try {
      return await fn();
    } finally {
      const next = queue.shift();
      if (next) next();
      else free++;
    }
  };
}
const slot = limiter(RUNS_AT_ONCE);

interface JsonFinding {
  kind: string;
  check: string;
  message: string;
}
interface JsonScenario {
  name: string;
  status: string;
  rounds: number;
  error: string | null;
  findings: JsonFinding[];
}

async function runScenario(file: string, seed: number, duration: string): Promise<{ run: CliRun; scenarios: JsonScenario[]; what: string }> {
  const args = ['run', `scenarios/${file}`, '--seed', String(seed), '--duration', duration, '--reporter', 'json'];
  const run = await slot(() => runCli(args, { timeoutMs: RUN_TIMEOUT_MS }));
  const what = `racecheck ${args.join(' ')}`;
  let scenarios: JsonScenario[] = [];
  try {
    const report = JSON.parse(run.stdout) as { files: { scenarios: JsonScenario[] }[] };
    scenarios = report.files.flatMap((f) => f.scenarios);
  } catch {
    throw new Error(`${what}: stdout is not a JSON report (exit ${run.code}, signal ${run.signal})\nstderr:\n${run.stderr.slice(-2000)}`);
  }
  return { run, scenarios, what };
}

const summary = (scenarios: JsonScenario[]): string =>
  scenarios
    .map((s) => `  ${s.name}: ${s.status}, ${s.rounds} rounds${s.error ? `, error: ${s.error}` : ''}` +
      s.findings.map((f) => `\n    ${f.kind}/${f.check}: ${f.message}`).join(''))
    .join('\n');

describe('scenario library layout', () => {
  it('has buggy scenarios to check', () => {
    expect(buggy.length).toBeGreaterThan(0);
  });

  it('pairs every *-buggy.ts with a *-fixed.ts and back', () => {
    const base = (f: string) => f.replace(/-(buggy|fixed)\.ts$/, '');
    expect(buggy.map(base).filter((b) => !fixed.map(base).includes(b))).toEqual([]);
    expect(fixed.map(base).filter((b) => !buggy.map(base).includes(b))).toEqual([]);
  });

  it.each(buggy)('%s declares `// expect: <kind> [check]`', (file) => {
    expect(expectationOf(readFileSync(path.join(SCENARIOS, file), 'utf8'))).toBeDefined();
  });

  it.each([...buggy, ...fixed])('%s starts with a comment saying what the bug or the fix is', (file) => {
    expect(readFileSync(path.join(SCENARIOS, file), 'utf8')).toMatch(/^\/\/ \S/);
  });
});

describe('every buggy scenario is detected', () => {
  for (const file of buggy) {
    const expected = expectationOf(readFileSync(path.join(SCENARIOS, file), 'utf8'));
    const label = expected ? `${expected.kind}${expected.check ? ` ${expected.check}` : ''}` : 'its declared finding';
    it.concurrent.each(SEEDS)(`${file} -> ${label} (seed %i)`, async (seed) => {
      if (!expected) throw new Error(`${file}: no \`// expect: <kind> [check]\` line in its header`);
      const { run, scenarios, what } = await runScenario(file, seed, BUGGY_BUDGET);
      const detail = `${what}\n${summary(scenarios)}`;
      expect(run.code, detail).toBe(1);
      expect(scenarios.length, detail).toBeGreaterThan(0);
      for (const s of scenarios) {
        expect(s.status, detail).toBe('fail');
        const match = s.findings.some((f) => f.kind === expected.kind && (expected.check === undefined || expected.check.split('|').includes(f.check)));
        expect(match, `${detail}\nexpected a ${label} finding`).toBe(true);
        // An exception next to the expected finding means the scenario itself is broken.
        if (expected.kind !== 'error') expect(s.findings.filter((f) => f.kind === 'error'), detail).toEqual([]);
      }
    }, 2 * RUN_TIMEOUT_MS);
  }
});

describe('every fixed scenario stays clean', () => {
  for (const file of fixed) {
    it.concurrent.each(SEEDS)(`${file} (seed %i)`, async (seed) => {
      const { run, scenarios, what } = await runScenario(file, seed, FIXED_BUDGET);
      const detail = `${what}\n${summary(scenarios)}`;
      expect(scenarios.flatMap((s) => s.findings), detail).toEqual([]);
      expect(run.code, detail).toBe(0);
      for (const s of scenarios) expect(s.status, detail).toBe('pass');
    }, 2 * RUN_TIMEOUT_MS);
  }
});
