// Where each reporter's text goes. Like vitest: a machine reporter writes to
// its --output-file (or --output-file.<name>), else to stdout, and then the
// human report moves to stderr so stdout stays parseable. GitHub annotations
// always go to stdout (that is where Actions reads workflow commands), and the
// markdown job summary is appended to $GITHUB_STEP_SUMMARY when it is set.
import { appendFileSync, closeSync, constants, mkdirSync, openSync, realpathSync, statSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { RunResult, ScenarioResult } from '../result.js';
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

/** Where one machine reporter's text went, for the human summary ("junit rc.xml"). */
export interface Written {
  reporter: ReporterName | 'job summary';
  to: string;
}

export async function writeMachineOutputs(plan: OutputPlan, result: RunResult, cwd: string, env: NodeJS.ProcessEnv): Promise<Written[]> {
  const written: Written[] = [];
  if (plan.machine.length === 0) return written;
  const { renderGithubSummary, renderReport } = await import('../report/index.js');
  for (const r of plan.machine) {
    const text = renderReport(r, result, { color: false, cwd });
    const file = plan.files[r];
    if (file && r !== 'github-actions') {
      const abs = prepareTarget(file, cwd);
      try {
        writeTarget(file, abs, text);
      } catch (e) {
        if (e instanceof UsageError) throw e;
        throw new UsageError(`--output-file ${file}: cannot write: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      written.push({ reporter: r, to: file });
    } else {
      process.stdout.write(text);
      written.push({ reporter: r, to: 'stdout' });
    }
    if (r === 'github-actions' && env.GITHUB_STEP_SUMMARY) {
      appendFileSync(env.GITHUB_STEP_SUMMARY, renderGithubSummary(result, { cwd }) + '\n');
      written.push({ reporter: 'job summary', to: '$GITHUB_STEP_SUMMARY' });
    }
  }
  return written;
}

export interface ReportsOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** --color / --no-color (or the config's), undefined when neither was given. */
  color: boolean | undefined;
  /** Scenarios shown as whole blocks before the summary. */
  blocks: readonly ScenarioResult[];
  /** Whether the summary is worth printing. */
  summary: boolean;
}

/**
 * The end of a run (or a merge): the human report, every machine report, and where
 * they went. With only machine reporters writing to files (and annotations), a person
 * reading the CI log still gets the summary and where each report went (as vitest
 * does), on stderr, which no report owns. A report on stdout (`--json | jq`) is left
 * alone: that output is the point.
 */
export async function writeReports(plan: OutputPlan, result: RunResult, o: ReportsOptions): Promise<void> {
  const { renderScenario, renderSummary, renderWritten, resolveColor } = await import('../report/index.js');
  const out = plan.human && !plan.humanToStderr ? process.stdout : process.stderr;
  const ropts = { color: resolveColor({ flag: o.color, env: o.env, stream: out }), cwd: o.cwd, verbose: plan.human === 'verbose' };
  if (plan.human && o.summary) out.write([...o.blocks.map((s) => renderScenario(s, ropts)), renderSummary(result, ropts)].join('\n\n') + '\n');
  const written = await writeMachineOutputs(plan, result, o.cwd, o.env);
  if (!plan.human && !plan.humanToStderr) out.write([...(o.summary ? [renderSummary(result, ropts)] : []), renderWritten(written, ropts)].join('\n') + '\n');
  else if (written.some((w) => w.to !== 'stdout')) out.write(renderWritten(written, ropts) + '\n');
}

/**
 * Before the run: every output file can be written, or the run does not start
 * (a typo in a path must not cost a 30-minute CI run). Missing folders are made.
 */
export function checkOutputTargets(plan: OutputPlan, cwd: string): void {
  for (const r of plan.machine) {
    const file = plan.files[r];
    if (file && r !== 'github-actions') probe(file, prepareTarget(file, cwd));
  }
}

const statOrUndefined = (p: string): Stats | undefined => {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
};

/** Kernel file systems: no report belongs there, and recursive mkdir can spin on them. */
const SPECIAL = /^\/(proc|sys)(\/|$)/;

/**
 * The absolute path, with its folder made one level at a time (never a recursive
 * mkdir: Node's loops for ever on /proc), or a one-line UsageError naming the flag.
 */
function prepareTarget(file: string, cwd: string): string {
  const abs = path.resolve(cwd, file);
  const bad = (why: string) => new UsageError(`--output-file ${file}: ${why}`);
  const st = statOrUndefined(abs);
  if (st?.isDirectory()) throw bad('is a folder; expected a file path');
  if (st) return abs;
  const missing: string[] = [];
  let dir = path.dirname(abs);
  for (let s = statOrUndefined(dir); !s; s = statOrUndefined(dir)) {
    missing.unshift(dir);
    if (path.dirname(dir) === dir) break;
    dir = path.dirname(dir);
  }
  const base = statOrUndefined(dir);
  if (base && !base.isDirectory()) throw bad(`${dir} is a file, not a folder`);
  let real = dir;
  try {
    real = realpathSync(dir);
  } catch {
    // keep the path as given
  }
  if (SPECIAL.test(real)) throw bad(`${dir} is a kernel file system (${real.split('/')[1]}); expected a regular folder`);
  for (const d of missing) {
    try {
      mkdirSync(d);
    } catch (e) {
      throw bad(`cannot make folder ${d}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  return abs;
}

/**
 * FIFOs checked before the run, held open for writing until the report is written:
 * closing the probe's descriptor would end the file for a reader already waiting
 * (`cat fifo` exits), and the report would then wait for ever for a new one.
 */
const heldFifos = new Map<string, number>();

/** Opening a FIFO to write waits for a reader: without one now, say so instead of waiting. */
function openFifo(file: string, abs: string): number {
  try {
    return openSync(abs, constants.O_WRONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENXIO') throw new UsageError(`--output-file ${file}: a FIFO with no reader (writing would wait for ever); start its reader first`);
    throw new UsageError(`--output-file ${file}: cannot write: ${code ?? (e as Error).message}`);
  }
}

function writeTarget(file: string, abs: string, text: string): void {
  if (!statOrUndefined(abs)?.isFIFO()) return writeFileSync(abs, text);
  const reader = openFifo(file, abs); // there is a reader now: the blocking open below returns at once
  try {
    writeFileSync(abs, text);
  } finally {
    closeSync(reader);
    const held = heldFifos.get(abs);
    heldFifos.delete(abs);
    if (held !== undefined) closeSync(held);
  }
}

/** Open for appending (nothing truncated) and close; a file made only for the probe is removed. */
function probe(file: string, abs: string): void {
  const before = statOrUndefined(abs);
  if (before?.isFIFO()) {
    if (!heldFifos.has(abs)) heldFifos.set(abs, openFifo(file, abs));
    return;
  }
  if (before && !before.isFile()) return; // a device (/dev/null, /dev/stdout): opening could block
  try {
    closeSync(openSync(abs, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NONBLOCK));
  } catch (e) {
    throw new UsageError(`--output-file ${file}: cannot write: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (!before) unlinkSync(abs);
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
