// The commander program: parse flags, call run(), render, map status to exit code.
import { Command, CommanderError, Option } from 'commander';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { run, type RunOptions } from '../engine/supervisor.js';
import { UsageError } from '../scenario/errors.js';
import type { RunResult } from '../result.js';
import { isReporterName, renderReport, renderScenario, renderSummary, resolveColor, type ReporterName } from '../report/index.js';
import { parseDuration, parseInteger } from './parse.js';
import { HeaderPrinter } from './header-printer.js';

const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };

export const EXIT = { pass: 0, fail: 1, error: 2, interrupted: 130 } as const;

interface RunFlags {
  duration?: number;
  rounds?: number;
  seed?: number;
  round?: number;
  scenario?: string;
  workers?: number;
  tasks?: number;
  ops?: number;
  bail: boolean;
  yieldMax?: number;
  yieldTurns?: number;
  deadlockTimeout?: number;
  reporter: string[];
  outputFile?: string;
  color?: boolean;
  verbose?: boolean;
  quiet?: boolean;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.pass;
  const program = new Command('racecheck')
    .description('Race-condition stress tester for Node.js: worker threads and async tasks hammer shared state under seeded yields.')
    .version(pkg.version)
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(str.startsWith('error:') ? `racecheck: ${str}` : str) });

  program
    .command('run')
    .description('run scenario files (files, directories or globs)')
    .argument('<patterns...>', 'scenario files, directories or globs')
    .option('--duration <time>', 'time budget per scenario (500ms, 30s, 2m)', parseDuration)
    .option('--rounds <n>', 'stop after this many rounds', parseInteger(1))
    .option('--seed <n>', 'run seed (printed in every report)', parseInteger(0))
    .option('--round <n>', 'replay only this round (with --seed)', parseInteger(1))
    .option('--scenario <name>', 'only the scenario with this name')
    .option('--workers <n>', 'worker-thread actors (default 4 x CPU count)', parseInteger(0))
    .option('--tasks <n>', 'async task actors on the main loop (default: same as workers)', parseInteger(0))
    .option('--ops <n>', 'ops per actor per round (default 50)', parseInteger(1))
    .option('--no-bail', 'keep going after the first finding')
    .option('--yield-max <us>', 'longest worker yield, in microseconds (default 100)', parseInteger(0))
    .option('--yield-turns <n>', 'most event-loop turns of a loop-task yield (default 4)', parseInteger(1))
    .option('--deadlock-timeout <time>', 'no op completed for this long = deadlock (default 3s)', parseDuration)
    .option('--reporter <name>', 'default | verbose | json | junit | github-actions (repeatable)', collect, [])
    .option('--output-file <path>', 'write the machine reporter to this file')
    .addOption(new Option('--color', 'force colour on'))
    .addOption(new Option('--no-color', 'force colour off'))
    .option('--verbose', 'full stacks, every transition')
    .option('--quiet', 'only the final summary')
    .addHelpText('after', `
Examples:
  $ racecheck run scenarios/counter-buggy.ts
  $ racecheck run 'scenarios/**/*.ts' --duration 30s --reporter junit --output-file rc.xml
  $ racecheck run scenarios/bank-buggy.ts --seed 1234 --round 7 --workers 8 --tasks 8 --ops 50

Exit codes: 0 no findings, 1 findings, 2 usage or scenario error, 130 interrupted.`)
    .action(async (patterns: string[], flags: RunFlags) => {
      code = await runCommand(patterns, flags);
    });

  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' ? 0 : EXIT.error;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`racecheck: ${e.message}\n`);
      return EXIT.error;
    }
    throw e;
  }
  return code;
}

async function runCommand(patterns: string[], flags: RunFlags): Promise<number> {
  const cwd = process.cwd();
  const reporters: ReporterName[] = [];
  for (const r of flags.reporter.length ? flags.reporter : ['default']) {
    if (!isReporterName(r)) throw new UsageError(`--reporter: unknown reporter "${r}" (expected default, verbose, json, junit or github-actions)`);
    reporters.push(r);
  }
  const human = reporters.find((r) => r === 'default' || r === 'verbose');
  const machine = reporters.filter((r) => r !== 'default' && r !== 'verbose');
  // A machine reporter without an output file owns stdout; human output moves to stderr.
  const humanOut = machine.length > 0 && !flags.outputFile ? process.stderr : process.stdout;
  const color = resolveColor({ flag: flags.color, env: process.env, stream: humanOut });
  const ropts = { color, cwd, verbose: human === 'verbose' || !!flags.verbose };
  const live = human !== undefined && !flags.quiet;

  const headers = new HeaderPrinter((text) => humanOut.write(text + '\n'), ropts);
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    if (++interrupts > 1) process.exit(EXIT.interrupted);
    controller.abort();
  };
  process.on('SIGINT', onSigint);

  const options: RunOptions = {
    patterns, cwd, bail: flags.bail, signal: controller.signal,
    ...(flags.duration !== undefined && { durationMs: flags.duration }),
    ...(flags.rounds !== undefined && { rounds: flags.rounds }),
    ...(flags.seed !== undefined && { seed: flags.seed }),
    ...(flags.round !== undefined && { round: flags.round }),
    ...(flags.scenario !== undefined && { scenario: flags.scenario }),
    ...(flags.workers !== undefined && { workers: flags.workers }),
    ...(flags.tasks !== undefined && { tasks: flags.tasks }),
    ...(flags.ops !== undefined && { opsPerRound: flags.ops }),
    ...(flags.yieldMax !== undefined && { yieldMaxUs: flags.yieldMax }),
    ...(flags.yieldTurns !== undefined && { yieldTurns: flags.yieldTurns }),
    ...(flags.deadlockTimeout !== undefined && { deadlockTimeoutMs: flags.deadlockTimeout }),
    onOutput: flags.quiet ? undefined : (chunk) => process.stderr.write(chunk),
    onEvent: !live ? undefined : (e) => headers.on(e),
  };
  if (flags.round !== undefined && flags.seed === undefined) throw new UsageError('--round replays one round of a run: give the run\'s --seed too');

  let result: RunResult;
  try {
    result = await run(options);
  } finally {
    process.off('SIGINT', onSigint);
    headers.dispose();
  }
  if (human) {
    // A scenario that could not run is one line on stderr, not a report block.
    for (const s of result.scenarios) if (s.status === 'error') process.stderr.write(`racecheck: ${s.error}\n`);
    const ran = result.scenarios.filter((s) => s.status !== 'error');
    if (ran.length > 0) {
      const text = live
        ? [...ran.map((s) => renderScenario(s, ropts)), renderSummary(result, ropts)].join('\n\n')
        : renderSummary(result, ropts);
      humanOut.write(text + '\n');
    }
  }
  for (const r of machine) {
    const text = renderReport(r, result, { color: false, cwd });
    if (flags.outputFile) writeFileSync(flags.outputFile, text);
    else process.stdout.write(text);
  }
  return EXIT[result.status];
}
