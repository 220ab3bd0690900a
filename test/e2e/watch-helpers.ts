// Shared by the watchdog and never-hang e2e tests: run the CLI with the JSON reporter,
// and check that nothing a run started is left behind.
import { spawnSync } from 'node:child_process';
import { runCli, type CliRun } from './helpers.js';

export interface JsonActor {
  name: string;
  kind: string;
  op?: string;
  label?: string;
  stuckMs?: number;
  stack?: string;
  state?: string;
}
export interface JsonFinding {
  kind: string;
  check: string;
  message: string;
  actors: JsonActor[];
  stack: string | null;
  details: string[];
  location: { file: string; line: number } | null;
}
export interface JsonScenario {
  name: string;
  status: string;
  error: string | null;
  findings: JsonFinding[];
  warnings?: string[];
}

export async function runJson(args: string[], timeoutMs = 60_000): Promise<CliRun & { scenarios: JsonScenario[]; errors: string[] }> {
  const run = await runCli([...args, '--reporter', 'json'], { timeoutMs });
  let report: { files: { scenarios: JsonScenario[] }[]; errors: string[] };
  try {
    report = JSON.parse(run.stdout) as typeof report;
  } catch {
    throw new Error(`racecheck ${args.join(' ')}: no JSON report (exit ${run.code}, signal ${run.signal}, ${Math.round(run.ms)} ms)\n${run.stderr.slice(-3000)}`);
  }
  return { ...run, scenarios: report.files.flatMap((f) => f.scenarios), errors: report.errors };
}

export const findingsOf = (r: { scenarios: JsonScenario[] }): JsonFinding[] => r.scenarios.flatMap((s) => s.findings);

/** Every stack line of a finding (its own and its actors'). */
export const stackLines = (f: JsonFinding): string[] =>
  [f.stack ?? '', ...f.actors.map((a) => a.stack ?? '')].join('\n').split('\n').filter((l) => l.trim().startsWith('at '));

/** Processes whose command line matches (none of the test's own). */
export function processesMatching(pattern: string): string[] {
  const r = spawnSync('pgrep', ['-af', pattern], { encoding: 'utf8' });
  return r.stdout.split('\n').filter((l) => l.trim() && !l.includes('pgrep'));
}

/** Waits (briefly) for matching processes to be gone; returns those still there. */
export async function leftovers(pattern: string, waitMs = 1500): Promise<string[]> {
  const until = Date.now() + waitMs;
  for (;;) {
    const left = processesMatching(pattern);
    if (left.length === 0 || Date.now() > until) return left;
    await new Promise((r) => setTimeout(r, 50));
  }
}
