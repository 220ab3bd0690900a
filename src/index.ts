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
/** JSON Schema (draft 2020-12) of `--reporter json` output. */
export { reportJsonSchema } from './report/json-schema.js';

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
