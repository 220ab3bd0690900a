// The commander program: declares the commands and flags, then hands off to
// the command modules. Usage errors become one line and exit code 2.
import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { UsageError } from '../scenario/errors.js';
import { extractPerReporterFiles } from './outputs.js';
import { addFlags } from './flags.js';
import { EXIT } from './exit.js';
import { describeThrown } from '../thrown.js';
// No raw control bytes from user text on the terminal (a file name, a config's throw).
import { clean } from '../report/text.js';

// commander is inlined in the program's bundle (scripts/bundle-entries.mjs).

// Command modules load on use: `racecheck run` should not pay for merge's
// parsers, and the run process is forked before the reporters load.

const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };

const RUN_EXAMPLES = `
Examples:
  $ racecheck run scenarios/counter-buggy.ts
  $ racecheck run 'scenarios/**/*.ts' --duration 30s --reporter default --reporter junit --output-file.junit rc.xml
  $ racecheck run 'scenarios/**/*.ts' --reporter junit --output-file rc.xml   # summary on stderr
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
    // A usage error is one line (commander puts "Did you mean ...?" on a second one).
    .configureOutput({ outputError: (str, write) => write(`racecheck: ${str.trim().replace(/\s*\n\s*/g, ' ')}\n`) })
    .addHelpText('after', RUN_EXAMPLES);

  const run = program
    .command('run')
    .description('run scenario files (files, directories or globs); each file runs in its own process')
    .argument('[patterns...]', 'scenario files, directories or globs (default: "include" from racecheck.config.ts)');
  const runFlags = addFlags(run, 'run');
  run.addHelpText('after', RUN_EXAMPLES).action(async (patterns: string[], _opts: unknown, cmd: Command) => {
    const { runCommand } = await import('./run-command.js');
    code = await runCommand(patterns, { ...runFlags(cmd), perReporterFiles });
  });

  const listCmd = program
    .command('list')
    .description('list the scenarios that files, directories or globs contain')
    .argument('[patterns...]', 'scenario files, directories or globs (default: "include" from racecheck.config.ts)');
  const listFlags = addFlags(listCmd, 'list');
  listCmd.action(async (patterns: string[], _opts: unknown, cmd: Command) => {
    const { listCommand } = await import('./list-command.js');
    code = await listCommand(patterns, listFlags(cmd));
  });

  const mergeCmd = program
    .command('merge')
    .description('combine JSON reports (e.g. from --shard runs) into one summary and exit code')
    .argument('<reports...>', 'JSON report files written by --reporter json');
  const mergeFlags = addFlags(mergeCmd, 'merge');
  mergeCmd.action(async (reports: string[], _opts: unknown, cmd: Command) => {
    const { mergeCommand } = await import('./merge-command.js');
    code = await mergeCommand(reports, mergeFlags(cmd));
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
      process.stderr.write(`racecheck: ${clean(e.message)}\n`);
      return EXIT.error;
    }
    const t = describeThrown(e);
    process.stderr.write(`racecheck: internal error: ${clean(t.stack ?? t.text)}\n`);
    return EXIT.error;
  }
  return code;
}
