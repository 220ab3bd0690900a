// `racecheck` entry (bin/racecheck.js imports this). The only place that ends
// the process with an exit code.
import { main } from './cli/program.js';

main(process.argv).then((code) => {
  process.exitCode = code;
});
