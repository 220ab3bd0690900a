// Reporter names: a module of its own so the CLI can check flags and config
// without loading the reporters (chalk, cli-table3).
import { REPORTER_NAMES, type ReporterName } from '../options.js';

export { REPORTER_NAMES, type ReporterName };

export function isReporterName(name: string): name is ReporterName {
  return (REPORTER_NAMES as readonly string[]).includes(name);
}
