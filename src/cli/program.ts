// The commander program: declares the commands and flags, then hands off to
// the command modules. Usage errors become one line and exit code 2.
import { Command, CommanderError, Option } from 'commander';
import { createRequire } from 'node:module';
import { UsageError } from '../scenario/errors.js';
import { parseDuration, parseInteger } from './parse.js';
import { extractPerReporterFiles } from './outputs.js';
import type { RunFlags } from './run-command.js';
import { EXIT } from './exit.js';
import { describeThrown } from '../thrown.js';

// Command modules load on use: `racecheck run` should not pay for merge's
// parsers, and the run process is forked before the reporters load.

const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };

const collect = (value: string, previous: string[]) => [...previous, value];

const RUN_EXAMPLES = `
Examples:
  $ racecheck run scenarios/counter-buggy.ts
  $ racecheck run 'scenarios/**/*.ts' --duration 30s --reporter junit --output-file rc.xml
  $ racecheck run scenarios/ --reporter default --reporter json --output-file.json rc.json
  $ racecheck run scenarios/bank-buggy.ts --seed 1234 --round 7 --workers 8 --tasks 8 --ops 50   # replay
  $ racecheck run 'scenarios/**/*.ts' --shard 2/4 --json > shard-2.json

Exit codes: 0 no findings, 1 findings, 2 usage or scenario error, 130 interrupted.`;

export async function main(rawArgv: string[]): Promise<number> {
  let code: number = EXIT.pass;
  let perReporterFiles: Record<string, string> = {};
  const program = new Command('racecheck')
    .description('Race-condition stress tester for Node.js and TypeScript: worker threads and async tasks hammer shared state under seeded yields; corruption, deadlock and starvation reports with a replay command.')
    .version(pkg.version, '-v, --version')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ outputError: (str, write) => write(str.startsWith('error:') ? `racecheck: ${str}` : str) })
    .addHelpText('after', RUN_EXAMPLES);

  const run = program
    .command('run')
    .description('run scenario files (files, directories or globs); each file runs in its own process')
    .argument('[patterns...]', 'scenario files, directories or globs (default: "include" from racecheck.config.ts)')
    .option('--config <file>', 'config file (default: racecheck.config.{ts,mts,js,mjs} in the working directory)')
    .option('--duration <time>', 'time budget per scenario (500ms, 30s, 2m; default 5s)', parseDuration)
    .option('--rounds <n>', 'stop after this many rounds', parseInteger(1))
    .option('--seed <n>', 'run seed (printed in every report)', parseInteger(0))
    .option('--round <n>', 'replay only this round (with --seed)', parseInteger(1))
    .option('--scenario <name>', 'only scenarios whose name contains this, or matches it as a glob (* ?); repeatable', collect, [])
    .option('--workers <n>', 'worker-thread actors (default 4 x CPU count)', parseInteger(0))
    .option('--tasks <n>', 'async task actors on the main loop (default: same as workers)', parseInteger(0))
    .option('--ops <n>', 'ops per actor per round (default 50)', parseInteger(1))
    .option('--no-bail', 'keep going after the first finding')
    .option('--yield-max <us>', 'longest worker yield, in microseconds (default 100)', parseInteger(0))
    .option('--yield-turns <n>', 'most event-loop turns of a loop-task yield (default 4)', parseInteger(1))
    .option('--scheduler <name>', 'mix | random | pct | auto (default auto): who decides the order at each ctx.yield')
    .option('--pct-depth <d>', 'PCT depth: ordering constraints a bug may need (default: auto rotates 1..3)', parseInteger(1))
    .option('--schedule <token>', 'replay: run --round under this schedule token (from a report)')
    .option('--no-shrink', 'after a finding: do not shrink it (loop-only) or measure its reproduction rate (threads); 2 s each')
    .option('--deadlock-timeout <time>', 'no op completed for this long = deadlock (default 2s)', parseDuration)
    .option('--starvation-threshold <time>', 'main event loop blocked this long in a round = starvation (default 200ms)', parseDuration)
    .option('--fail-on <kinds>', 'finding kinds that fail the run: corruption,deadlock,starvation,error (default all)')
    .option('--shard <k/n>', 'run only shard k of n (split files across CI machines)')
    .option('--reporter <name>', 'default | verbose | json | junit | github-actions (repeatable)', collect, [])
    .option('--output-file <path>', 'write the machine reporter here (per reporter: --output-file.<name> <path>)')
    .option('--json', 'JSON report alone on stdout')
    .addOption(new Option('--color', 'force colour on'))
    .addOption(new Option('--no-color', 'force colour off'))
    .option('--verbose', 'full stacks, every transition')
    .option('--quiet', 'only the final summary')
    .addHelpText('after', RUN_EXAMPLES)
    .action(async (patterns: string[], flags: Omit<RunFlags, 'perReporterFiles'>, cmd: Command) => {
      const bail = cmd.getOptionValueSource('bail') === 'cli' ? flags.bail : undefined;
      const { runCommand } = await import('./run-command.js');
      code = await runCommand(patterns, { ...flags, bail, perReporterFiles });
    });
  void run;

  program
    .command('list')
    .description('list the scenarios that files, directories or globs contain')
    .argument('[patterns...]', 'scenario files, directories or globs (default: "include" from racecheck.config.ts)')
    .option('--config <file>', 'config file (default: racecheck.config.{ts,mts,js,mjs} in the working directory)')
    .option('--json', 'as JSON')
    .option('--shard <k/n>', 'only the files of shard k of n')
    .action(async (patterns: string[], flags: { json?: boolean; shard?: string; config?: string }) => {
      const { listCommand } = await import('./list-command.js');
      code = await listCommand(patterns, flags);
    });

  program
    .command('merge')
    .description('combine JSON reports (e.g. from --shard runs) into one summary and exit code')
    .argument('<reports...>', 'JSON report files written by --reporter json')
    .option('--reporter <name>', 'default | verbose | json | junit | github-actions (repeatable)', collect, [])
    .option('--output-file <path>', 'write the machine reporter here')
    .addOption(new Option('--color', 'force colour on'))
    .addOption(new Option('--no-color', 'force colour off'))
    .action(async (reports: string[], flags: { reporter: string[]; outputFile?: string; color?: boolean }) => {
      const { mergeCommand } = await import('./merge-command.js');
      code = await mergeCommand(reports, flags);
    });

  try {
    const { argv, files } = extractPerReporterFiles(rawArgv);
    perReporterFiles = files;
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      return ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(e.code) ? EXIT.pass : EXIT.error;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`racecheck: ${e.message}\n`);
      return EXIT.error;
    }
    const t = describeThrown(e);
    process.stderr.write(`racecheck: internal error: ${t.stack ?? t.text}\n`);
    return EXIT.error;
  }
  return code;
}
