// racecheck.config.ts: defaults for `racecheck run`, typed by defineConfig.
// Field names are the CLI flags in camelCase; command-line flags override them.
import type { FindingKind } from './result.js';

export type ReporterChoice = 'default' | 'verbose' | 'json' | 'junit' | 'github-actions';

export interface RacecheckConfig {
  /** Scenario files, directories or globs to run when none are given on the command line. */
  include?: string[];
  /** Budget per scenario: milliseconds, or a string such as '30s'. */
  duration?: number | string;
  rounds?: number;
  seed?: number;
  workers?: number;
  tasks?: number;
  /** Ops per actor per round. */
  ops?: number;
  /** Stop at the first finding (default true). */
  bail?: boolean;
  yieldMax?: number;
  yieldTurns?: number;
  deadlockTimeout?: number | string;
  starvationThreshold?: number | string;
  reporters?: ReporterChoice[];
  /** One file for the machine reporter, or one per reporter: { junit: 'rc.xml' }. */
  outputFile?: string | Partial<Record<ReporterChoice, string>>;
  failOn?: FindingKind[];
  color?: boolean;
}

export function defineConfig(config: RacecheckConfig): RacecheckConfig {
  return config;
}
