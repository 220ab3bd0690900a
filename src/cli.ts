// `racecheck` entry (bin/racecheck.js imports this). The only place that ends
// the process with an exit code.
import { prefork } from './engine/spawn.js';
import { cleanUpOnExit } from './engine/exit-cleanup.js';
import { newestEntry } from './bundled.js';

// The run process boots (Node, the engine's imports, esbuild's service) while
// this process loads commander, parses the flags and reads the config.
if (process.argv[2] === 'run' || process.argv[2] === 'list') {
  cleanUpOnExit(); // the spare dies with this process, even if it exits before run() starts
  prefork();
  // esbuild's service starts too: the supervisor bundles the scenario while the run process boots (engine/bundles.ts).
  void import('./engine/warm-bundler.js').then((m) => m.warmBundler()).catch(() => undefined);
}

// SIGTERM (a CI job cancelled) and SIGHUP (the terminal closed) end racecheck at
// once, with the conventional 128 + signal number; process.exit() runs the exit
// hooks that kill every run process and everything it started (engine/reap.ts).
for (const [sig, n] of [['SIGTERM', 15], ['SIGHUP', 1]] as const) process.on(sig, () => process.exit(128 + n));
// A reader that went away (`racecheck run ... | head`): what is left to print has nowhere
// to go, which is no reason for a stack dump; the run still ends with its verdict's code.
for (const s of [process.stdout, process.stderr]) {
  s.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
  });
}
// The program and everything it loads, bundled (src/bundled.ts): loaded after the fork
// above, so the run process boots while this process reads it.
const { main } = (await import(newestEntry(new URL('./cli/program.js', import.meta.url)).href)) as typeof import('./cli/program.js');
const code = await main(process.argv);
// The report is written: end now. A process the scenario started may still hold a
// pipe or a handle open (it inherited the run process's stdout); it is no reason to
// wait. stdout and stderr are flushed first (pipes are asynchronous on some systems).
await Promise.all([process.stdout, process.stderr].map((s) => new Promise<void>((resolve) => s.write('', () => resolve()))));
process.exit(code);
