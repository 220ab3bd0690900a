// racecheck's public API: what scenario files and programmatic users import.
export { defineScenario } from './scenario/types.js';
export type {
  Scenario, Ctx, ActorInfo, ActorKind, Op, OpSelection, SideConfig, RoundInfo, CheckResult, SectionOptions,
} from './scenario/types.js';
export type {
  RunResult, ScenarioResult, Status, Finding, FindingKind, FindingCheck, ActorRef, TransitionRecord, SideSummary, RunSettings,
  SourceLocation,
} from './result.js';
export { SharedMutex } from './primitives/shared-mutex.js';
export { defineConfig, type RacecheckConfig } from './config.js';
export type { RunOptions } from './engine/supervisor.js';
// The JSON Schema of `--reporter json` output is `racecheck/schema` (package.json
// exports), not here: every pool thread imports this module, and the schema, the
// settings table it is built from and what that table imports were 17 of the 21 ms
// the import took in a fresh thread (bench/startup-floor.mjs: 4 ms without them).

import type { RunOptions } from './engine/supervisor.js';
import type { RunResult } from './result.js';

/**
 * Run scenarios, as the CLI does: returns the typed result whose `status` the
 * CLI maps to its exit code. Loaded lazily: every worker thread imports this
 * module (scenarios import 'racecheck'), and only the supervisor needs it.
 */
export async function run(options: RunOptions): Promise<RunResult> {
  const { run: supervise } = await import('./engine/supervisor.js');
  return supervise(options);
}
