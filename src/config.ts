// racecheck.config.ts: defaults for `racecheck run`, typed by defineConfig.
import type { RunOptions } from './engine/supervisor.js';

export type RacecheckConfig = Partial<Omit<RunOptions, 'onEvent' | 'onOutput' | 'signal' | 'cwd'>> & {
  reporters?: string[];
  outputFile?: string;
};

export function defineConfig(config: RacecheckConfig): RacecheckConfig {
  return config;
}
