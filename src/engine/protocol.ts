// Plain data that crosses threads (main <-> piscina workers) and processes
// (run process -> supervisor). Nothing here may hold a function or a class.
import type { ActorKind } from '../scenario/types.js';
import type { Finding, RunSettings, ScenarioResult } from '../result.js';
import type { YieldOptions } from '../sched/yield.js';

export interface ActorSpec {
  id: number;
  kind: ActorKind;
  name: string;
  /** Op indexes (into the scenario's op name list) and cumulative weights. */
  ops: number[];
  cumulative: number[];
  opsPerRound: number;
}

/** A finding as an actor sees it: ids and hashes, resolved to names on main. */
export interface RawFinding {
  kind: Finding['kind'];
  check: Finding['check'];
  message: string;
  actor: number;
  /** Scenario op index the actor was running, or -1. */
  op: number;
  stack?: string;
  /** Other actors involved (e.g. section occupants), with their op index. */
  others?: { actor: number; op: number }[];
}

export interface ActorOutcome {
  id: number;
  ops: number;
  opCounts: number[];
  transitions: number;
  yields: number;
  maxOpMs: number;
  findings: RawFinding[];
  /** Non-undefined op results by op index, when the scenario has verify(). */
  results?: unknown[][];
  /** Transition names this actor used: [hash, name, stack of the first call]. */
  names: [number, string, string?][];
}

export interface WorkerTask {
  bundle: string;
  scenarioIndex: number;
  telemetry: SharedArrayBuffer;
  actorCount: number;
  actor: ActorSpec;
  opNames: string[];
  round: number;
  roundSeed: number;
  shared: unknown;
  yieldOpts: YieldOptions;
  collectResults: boolean;
}

export interface WarmupTask {
  warmup: true;
  bundle: string;
  scenarioIndex: number;
  barrier: SharedArrayBuffer;
  workers: number;
}

/** Run process -> supervisor events (NDJSON on a pipe). */
export type RunEvent =
  | { type: 'start'; file: string; scenario: string; seed: number; settings: RunSettings }
  | { type: 'progress'; scenario: string; round: number; ops: number; elapsedMs: number; findings: number }
  | { type: 'finding'; scenario: string; finding: Finding }
  | { type: 'result'; result: ScenarioResult }
  | { type: 'fatal'; file: string; message: string; stack?: string; exitCode: 2 }
  | { type: 'list'; file: string; scenarios: ListedScenario[] }
  | { type: 'done' };

/** What `racecheck list` shows of a scenario. */
export interface ListedScenario {
  name: string;
  description?: string;
  ops: string[];
  workers: boolean;
  tasks: boolean;
}
