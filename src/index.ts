// racecheck's public API: what scenario files and programmatic users import.
export { defineScenario } from './scenario/types.js';
export type {
  Scenario, Ctx, ActorInfo, ActorKind, Op, OpSelection, SideConfig, RoundInfo, CheckResult, SectionOptions,
} from './scenario/types.js';
export { run, type RunOptions } from './engine/supervisor.js';
export type {
  RunResult, ScenarioResult, Finding, FindingKind, FindingCheck, ActorRef, TransitionRecord, SideSummary, RunSettings,
  SourceLocation,
} from './result.js';
export { SharedMutex } from './primitives/shared-mutex.js';
export { defineConfig, type RacecheckConfig } from './config.js';
