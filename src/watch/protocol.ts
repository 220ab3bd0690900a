// Plain data between the main thread and the watchdog thread.
import type { Finding, RunSettings, SideSummary } from '../result.js';

export interface WatchActor {
  id: number;
  name: string;
  kind: 'worker' | 'task';
}

/** Everything the watchdog needs to judge a scenario and, if the main thread never comes back, to end it. */
export interface ScenarioInfo {
  file: string;
  scenario: string;
  named: boolean;
  seed: number;
  /** Effective settings (actor counts resolved). */
  settings: RunSettings;
  telemetry: SharedArrayBuffer;
  actors: WatchActor[];
  opNames: string[];
  /** Epoch ms when the scenario started. */
  startedAt: number;
  /** Epoch ms of the budget's end (Infinity for a single-round replay): no op starts after it. */
  deadline: number;
  /** An op still running this long after the deadline is an overrun (engine/budget.ts). */
  graceMs: number;
}

export interface MutexInfo {
  name: string;
  state: Int32Array;
}

/** Main -> watchdog. */
export type ToWatchdog =
  | { type: 'scenario'; info: ScenarioInfo }
  | { type: 'round'; round: number; roundSeed: number; mutexes: MutexInfo[] }
  /** After each round: what the scenario's result would say so far (used if the main thread never returns). */
  | { type: 'summary'; rounds: number; ops: number; sides: SideSummary[]; findings: Finding[]; firstFindingRound?: number }
  | { type: 'scenario-end' };

/** Watchdog -> main. The finding is already on the event pipe: the main thread adds it to the result, never re-emits it. */
export interface FromWatchdog {
  type: 'finding';
  finding: Finding;
  /** The round cannot finish (deadlock): end it now. */
  terminal: boolean;
}
