// Where each reporter's text goes. Like vitest: a machine reporter writes to
// its --output-file (or --output-file.<name>), else to stdout, and then the
// human report moves to stderr so stdout stays parseable. GitHub annotations
// always go to stdout (that is where Actions reads workflow commands), and the
// markdown job summary is appended to $GITHUB_STEP_SUMMARY when it is set.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RunResult } from '../result.js';
import type { ReporterName } from '../report/names.js';
import { UsageError } from '../scenario/errors.js';

export interface OutputPlan {
  human: 'default' | 'verbose' | undefined;
  machine: ReporterName[];
  files: Partial<Record<ReporterName, string>>;
  /** The human report goes to stderr because a machine reporter owns stdout. */
  humanToStderr: boolean;
}

export function planOutputs(reporters: ReporterName[], single: string | undefined, perReporter: Partial<Record<ReporterName, string>>): OutputPlan {
  const human = reporters.includes('verbose') ? 'verbose' : reporters.includes('default') ? 'default' : undefined;
  const machine = [...new Set(reporters.filter((r) => r !== 'default' && r !== 'verbose'))];
  const files: Partial<Record<ReporterName, string>> = { ...perReporter };
  const fileable = machine.filter((r) => r !== 'github-actions');
  if (single !== undefined) {
    if (fileable.length !== 1) {
      throw new UsageError(
        fileable.length === 0
          ? '--output-file needs a machine reporter (--reporter json or junit)'
          : `--output-file is ambiguous with reporters ${fileable.join(' and ')}: use --output-file.<reporter> <path>`,
      );
    }
    files[fileable[0]!] ??= single;
  }
  for (const r of Object.keys(files) as ReporterName[]) {
    if (!(machine as ReporterName[]).includes(r)) throw new UsageError(`--output-file.${r} is given but reporter "${r}" is not selected`);
  }
  const humanToStderr = fileable.some((r) => files[r] === undefined);
  return { human, machine, files, humanToStderr };
}

export async function writeMachineOutputs(plan: OutputPlan, result: RunResult, cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  if (plan.machine.length === 0) return;
  const { renderGithubSummary, renderReport } = await import('../report/index.js');
  for (const r of plan.machine) {
    const text = renderReport(r, result, { color: false, cwd });
    const file = plan.files[r];
    if (file && r !== 'github-actions') {
      const abs = path.resolve(cwd, file);
      mkdirSync(path.dirname(abs), { recursive: true });
      writeFileSync(abs, text);
    } else process.stdout.write(text);
    if (r === 'github-actions' && env.GITHUB_STEP_SUMMARY) {
      appendFileSync(env.GITHUB_STEP_SUMMARY, renderGithubSummary(result, { cwd }) + '\n');
    }
  }
}

/** Pull `--output-file.<name> <path>` / `--output-file.<name>=<path>` out of argv (commander cannot declare dotted flags). */
export function extractPerReporterFiles(argv: string[]): { argv: string[]; files: Record<string, string> } {
  const out: string[] = [];
  const files: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--output-?[fF]ile\.([\w-]+)(?:=(.*))?$/.exec(argv[i]!);
    if (!m) {
      out.push(argv[i]!);
      continue;
    }
    const value = m[2] ?? argv[++i];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`--output-file.${m[1]} needs a path`);
    files[m[1]!] = value;
  }
  return { argv: out, files };
}
