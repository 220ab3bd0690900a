// Plain data that crosses threads (main <-> piscina workers) and processes
// (run process -> supervisor). Nothing here may hold a function or a class.
import type { ActorKind } from '../scenario/types.js';
import type { Finding, RunSettings, ScenarioRecord } from '../result.js';
import type { YieldOptions } from '../sched/yield.js';
import type { TraceEvent } from '../sched/trace.js';
import type { FixedCounts } from './plan.js';
import type { MessagePort } from 'node:worker_threads';

export interface ActorSpec {
  id: number;
  kind: ActorKind;
  name: string;
  /** Op indexes (into the scenario's op name list) and cumulative weights. */
  ops: number[];
  cumulative: number[];
  /** Fixed ops per round (a side's opsPerRound, or --ops), or the most a sized round gets. */
  opsPerRound: number;
  /** Neither --ops nor the side fixed the count: the round's size applies (engine/round-size.ts). */
  sized: boolean;
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
  /** A worker actor in a controlled round: its trace events (sched/worker-gate.ts). */
  trace?: TraceEvent[];
  /** A worker actor: what the scenario left on its thread that may still run (engine/settle.ts leftBehind). */
  left?: string[];
}

/** What stays the same for a worker actor over a whole scenario (its session). */
export interface SessionBase {
  bundle: string;
  scenarioIndex: number;
  telemetry: SharedArrayBuffer;
  actorCount: number;
  actor: ActorSpec;
  opNames: string[];
  /** Controlled rounds' gate slots (shm/gate.ts). */
  gate: SharedArrayBuffer;
}

/**
 * The one piscina task of a worker actor per scenario (engine/crew.ts): it lasts
 * the scenario; rounds arrive as RoundOrders on `port`, outcomes go back on it.
 */
export interface SessionTask extends SessionBase {
  session: true;
  port: MessagePort;
}

/** One round for a worker actor: this round's fresh shared state and seeds. */
export interface RoundOrder {
  type: 'round';
  round: number;
  roundSeed: number;
  /** Ops this actor runs this round. */
  opsPerRound: number;
  /** Epoch ms from which no op starts (the budget's cut: engine/budget.ts). */
  deadline: number;
  /** Epoch ms by which a started op must have ended (budget + grace: engine/actor.ts). */
  endBy: number;
  shared: unknown;
  yieldOpts: YieldOptions;
  collectResults: boolean;
  /** A controlled round: the actor parks at its scheduling points on the gate. */
  controlled: boolean;
  /**
   * A re-run judged on the main thread, not controlled: the actor's untimed waits only
   * mark its gate SLEEP word (the deadlock judge's 'asleep' verdict), it never parks.
   */
  marksSleeps?: true;
}

/** Main -> worker actor on the session port. */
export type ToActor = RoundOrder | { type: 'end' };
/** Worker actor -> main on the session port. */
export type FromActor =
  | { type: 'ready' }
  | { type: 'outcome'; round: number; outcome: ActorOutcome }
  /** A controlled round's trace so far, sent before the actor waits (it may never come back: sched/worker-gate.ts). */
  | { type: 'trace'; round: number; events: TraceEvent[] };


/** Run process -> supervisor events (NDJSON on a pipe). */
export type RunEvent =
  | { type: 'start'; file: string; scenario: string; seed: number; settings: RunSettings; fixed?: FixedCounts }
  | { type: 'progress'; scenario: string; round: number; ops: number; elapsedMs: number; findings: number }
  | { type: 'finding'; scenario: string; finding: Finding }
  | { type: 'result'; result: ScenarioRecord }
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
