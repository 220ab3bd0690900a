// `racecheck` entry (bin/racecheck.js imports this). The only place that ends
// the process with an exit code.
import { prefork } from './engine/spawn.js';

// The run process boots (Node, the engine's imports, esbuild's service) while
// this process loads commander, parses the flags and reads the config.
if (process.argv[2] === 'run' || process.argv[2] === 'list') prefork();

const { main } = await import('./cli/program.js');
main(process.argv).then((code) => {
  process.exitCode = code;
});
