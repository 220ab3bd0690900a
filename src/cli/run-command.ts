// `racecheck run`: merge racecheck.config.* with the flags (flags win), call
// run(), render. Returns the exit code; never calls process.exit itself.
import type { RunResult } from '../result.js';
import { SETTING_ROWS, type FlagValues, type ReporterName, type RunSettings } from '../options.js';
import { run, type RunOptions } from '../engine/supervisor.js';
import { UsageError } from '../scenario/errors.js';
import { resolveColor } from '../report/color-choice.js';
import { loadConfig, type ConfigValues } from './config.js';
import { HeaderPrinter } from './header-printer.js';
import { checkOutputTargets, planOutputs, writeReports } from './outputs.js';
import { Progress } from './progress.js';

import { EXIT } from './exit.js';

/** The flags the user typed (by settings-table row), plus --output-file.<reporter> paths. */
export type RunFlags = FlagValues & { perReporterFiles: Record<string, string> };

function reportersOf(flags: RunFlags, config: ConfigValues, env: NodeJS.ProcessEnv): ReporterName[] {
  const out: ReporterName[] = flags.json ? ['json', ...(flags.reporters ?? [])] : [...(flags.reporters ?? config.reporters ?? ['default'])];
  if (flags.verbose && !out.includes('verbose') && !flags.json) out.push('verbose');
  // Inside GitHub Actions, annotations come for free (vitest does the same).
  if (env.GITHUB_ACTIONS === 'true' && !out.includes('github-actions')) out.push('github-actions');
  return out;
}

/** run()'s settings: a flag wins over the config file; the table's defaults apply in run(). */
function settingsFrom(flags: RunFlags, config: ConfigValues): Partial<RunSettings> {
  const out: Record<string, unknown> = {};
  for (const [name, r] of SETTING_ROWS) {
    const v = flags[name] ?? config[name];
    if (v !== undefined) out[r.setting] = v;
  }
  return out as Partial<RunSettings>;
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
  const single = (typeof flags.outputFile === 'string' ? flags.outputFile : undefined) ?? configSingle;
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

  const options: RunOptions = {
    patterns: files, cwd, signal: controller.signal,
    ...settingsFrom(flags, config),
    ...defined({
      seed: flags.seed ?? config.seed,
      scenario: flags.scenario?.length ? flags.scenario : undefined,
      failOn: flags.failOn ?? config.failOn,
      shard: flags.shard,
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
  const { cleanText } = await reportsReady;
  // A scenario that could not run is one line on stderr, not a report block.
  for (const s of result.scenarios) {
    if (s.status !== 'error' || s.error === undefined) continue;
    process.stderr.write(`racecheck: ${cleanText(s.error)}\n`);
    if (flags.verbose && s.errorStack) process.stderr.write(`${cleanText(s.errorStack)}\n`);
  }
  const ran = result.scenarios.filter((s) => s.status !== 'error');
  await writeReports(plan, result, {
    cwd, env, color: flags.color ?? config.color,
    blocks: flags.quiet ? [] : ran,
    // Nothing ran (every file failed to load): the error lines above say it all.
    summary: ran.length > 0 || (result.skipped?.length ?? 0) > 0,
  });
  return EXIT[result.status];
}

function defined<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as never;
}
