// `racecheck run`: merge racecheck.config.* with the flags (flags win), call
// run(), render. Returns the exit code; never calls process.exit itself.
import type { RacecheckConfig } from '../config.js';
import { FINDING_KINDS, type FindingKind, type RunResult } from '../result.js';
import { run, type RunOptions } from '../engine/supervisor.js';
import { parseShard } from '../engine/shard.js';
import { UsageError } from '../scenario/errors.js';
import { isReporterName, type ReporterName } from '../report/names.js';
import { resolveColor } from '../report/color-choice.js';
import { loadConfig } from './config.js';
import { HeaderPrinter } from './header-printer.js';
import { checkOutputTargets, planOutputs, writeMachineOutputs } from './outputs.js';
import { Progress } from './progress.js';
import { parseDuration } from './parse.js';

import { EXIT } from './exit.js';

export interface RunFlags {
  config?: string;
  duration?: number;
  rounds?: number;
  seed?: number;
  round?: number;
  /** Name filter, repeatable (substring or glob). */
  scenario?: string[];
  workers?: number;
  tasks?: number;
  ops?: number;
  /** undefined unless --no-bail was given (commander reports the source). */
  bail?: boolean;
  yieldMax?: number;
  yieldTurns?: number;
  scheduler?: string;
  pctDepth?: number;
  schedule?: string;
  shrink?: boolean;
  deadlockTimeout?: number;
  starvationThreshold?: number;
  reporter: string[];
  outputFile?: string;
  perReporterFiles: Record<string, string>;
  color?: boolean;
  verbose?: boolean;
  quiet?: boolean;
  json?: boolean;
  failOn?: string;
  shard?: string;
}

const durationOf = (v: number | string | undefined) => (typeof v === 'string' ? parseDuration(v) : v);

function failOnOf(value: string | undefined, config: FindingKind[] | undefined): FindingKind[] | undefined {
  if (value === undefined) return config;
  const kinds = value.split(',').map((k) => k.trim()).filter(Boolean);
  for (const k of kinds) {
    if (!FINDING_KINDS.includes(k as FindingKind)) throw new UsageError(`--fail-on: unknown kind "${k}" (expected ${FINDING_KINDS.join(', ')})`);
  }
  return kinds as FindingKind[];
}

function reportersOf(flags: RunFlags, config: RacecheckConfig, env: NodeJS.ProcessEnv): ReporterName[] {
  const names = flags.json ? ['json', ...flags.reporter] : flags.reporter.length ? flags.reporter : config.reporters ?? ['default'];
  for (const r of names) {
    if (!isReporterName(r)) throw new UsageError(`--reporter: unknown reporter "${r}" (expected default, verbose, json, junit or github-actions)`);
  }
  const out = names as ReporterName[];
  if (flags.verbose && !out.includes('verbose') && !flags.json) out.push('verbose');
  // Inside GitHub Actions, annotations come for free (vitest does the same).
  if (env.GITHUB_ACTIONS === 'true' && !out.includes('github-actions')) out.push('github-actions');
  return out;
}

export async function runCommand(patterns: string[], flags: RunFlags, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const cwd = process.cwd();
  const { config } = await loadConfig(cwd, flags.config);
  const files = patterns.length ? patterns : config.include ?? [];
  if (files.length === 0) throw new UsageError('no scenario files given (pass files, directories or globs, or set "include" in racecheck.config.ts)');
  if (flags.round !== undefined && flags.seed === undefined) throw new UsageError("--round replays one round of a run: give the run's --seed too");

  const reporters = reportersOf(flags, config, env);
  // Output files from the config apply to the reporters that are selected;
  // the same paths given as flags must match a selected reporter.
  const fileable: ReporterName[] = reporters.filter((r) => r === 'json' || r === 'junit');
  const configFiles = Object.fromEntries(
    Object.entries(typeof config.outputFile === 'object' ? config.outputFile : {}).filter(([r]) => fileable.includes(r as ReporterName)),
  );
  const configSingle = typeof config.outputFile === 'string' && fileable.length === 1 ? config.outputFile : undefined;
  const single = flags.outputFile ?? configSingle;
  const plan = planOutputs(reporters, single, { ...configFiles, ...flags.perReporterFiles } as Partial<Record<ReporterName, string>>);
  checkOutputTargets(plan, cwd); // a bad path is exit 2 now, not after the run
  const humanOut = plan.humanToStderr ? process.stderr : process.stdout;
  const color = resolveColor({ flag: flags.color ?? config.color, env, stream: humanOut });
  const ropts = { color, cwd, verbose: plan.human === 'verbose' };
  const live = plan.human !== undefined && !flags.quiet;
  // --quiet: no live line and no heartbeat, only the final summary.
  const progress = new Progress(process.stderr, !!process.stderr.isTTY && !env.CI && live, flags.quiet ? Infinity : undefined);
  // The reporters (chalk, cli-table3) load while the first run process boots.
  let loadReports: () => void = () => {};
  const reportsReady = new Promise<void>((resolve) => (loadReports = resolve)).then(() => import('../report/index.js'));
  const headers = new HeaderPrinter(
    (text) => (humanOut === process.stderr ? progress.write(text + '\n') : (progress.clear(), humanOut.write(text + '\n'))),
    ropts,
    reportsReady.then((m) => m.renderHeader),
  );

  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    if (++interrupts > 1) process.exit(EXIT.interrupted); // second Ctrl-C: give up on the partial report
    progress.clear();
    process.stderr.write('racecheck: interrupted, finishing the round in flight (Ctrl-C again to quit now)\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);

  const pick = <T>(flag: T | undefined, conf: T | undefined) => flag ?? conf;
  const options: RunOptions = {
    patterns: files, cwd, signal: controller.signal,
    bail: pick(flags.bail, config.bail) ?? true,
    ...defined({
      durationMs: pick(flags.duration, durationOf(config.duration)),
      rounds: pick(flags.rounds, config.rounds),
      seed: pick(flags.seed, config.seed),
      round: flags.round,
      scenario: flags.scenario?.length ? flags.scenario : undefined,
      workers: pick(flags.workers, config.workers),
      tasks: pick(flags.tasks, config.tasks),
      opsPerRound: pick(flags.ops, config.ops),
      yieldMaxUs: pick(flags.yieldMax, config.yieldMax),
      yieldTurns: pick(flags.yieldTurns, config.yieldTurns),
      scheduler: flags.scheduler,
      pctDepth: flags.pctDepth,
      schedule: flags.schedule,
      shrink: flags.shrink === false ? false : undefined,
      deadlockTimeoutMs: pick(flags.deadlockTimeout, durationOf(config.deadlockTimeout)),
      starvationThresholdMs: pick(flags.starvationThreshold, durationOf(config.starvationThreshold)),
      failOn: failOnOf(flags.failOn, config.failOn),
      shard: flags.shard === undefined ? undefined : parseShard(flags.shard),
    }),
    onOutput: flags.quiet ? undefined : (chunk) => progress.write(chunk),
    onEvent: (e) => {
      progress.on(e);
      if (live) headers.on(e);
    },
  };

  let result: RunResult;
  try {
    const running = run(options); // forks the first run process before this function yields
    loadReports();
    result = await running;
  } finally {
    process.off('SIGINT', onSigint);
    headers.dispose();
    progress.clear();
  }
  if (plan.human || flags.json) {
    // A scenario that could not run is one line on stderr, not a report block.
    for (const s of result.scenarios) {
      if (s.status !== 'error') continue;
      process.stderr.write(`racecheck: ${s.error}\n`);
      if (flags.verbose && s.errorStack) process.stderr.write(`${s.errorStack}\n`);
    }
  }
  if (plan.human && !flags.quiet) {
    for (const f of result.skipped ?? []) humanOut.write(`SKIP  ${f.file}  no scenario matches the --scenario filter\n`);
  }
  const { renderScenario, renderSummary } = await reportsReady;
  const ran = result.scenarios.filter((s) => s.status !== 'error');
  if (plan.human && ran.length > 0) {
    const blocks = flags.quiet ? [] : ran.map((s) => renderScenario(s, ropts));
    humanOut.write([...blocks, renderSummary(result, ropts)].join('\n\n') + '\n');
  }
  await writeMachineOutputs(plan, result, cwd, env);
  return EXIT[result.status];
}

function defined<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as never;
}
