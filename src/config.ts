// racecheck.config.ts: defaults for `racecheck run`, typed by defineConfig. Field
// names are the CLI flags in camelCase; command-line flags override them. The
// fields, their ranges and defaults are the settings table's (src/options.ts).
import type { RacecheckConfig } from './options.js';

export type { RacecheckConfig, ReporterName as ReporterChoice } from './options.js';

export function defineConfig(config: RacecheckConfig): RacecheckConfig {
  return config;
}
