// Result types shared by the engine, the reporters and the CLI. Plain data only:
// everything here crosses the run-process -> supervisor pipe as JSON.

import type { FindingKind } from './kinds.js';
import type { TraceStep } from './sched/trace.js';
import type { RunSettings } from './options.js';

export { FINDING_KINDS, type FindingKind } from './kinds.js';
/** The settings that shaped a run: one row each in the settings table (src/options.ts). */
export type { RunSettings } from './options.js';

/** What exactly was seen; `kind` says which report family it belongs to. */
export type FindingCheck =
  | 'lost-update'      // ledger: a version entered twice
  | 'version-gap'      // ledger: a version never entered
  | 'checksum-break'   // ledger: state changed between two transitions
  | 'occupancy'        // ctx.section limit exceeded
  | 'invariant'
  | 'verify'
  | 'assertion'        // ctx.assert
  | 'exception'        // an op threw / rejected
  | 'uncaught'         // uncaught exception / unhandled rejection in the run
  | 'crash'            // the run process died (exit, abort, signal)
  | 'deadlock'         // no progress / nothing can wake the pending tasks
  | 'wait-cycle'       // racecheck locks: a wait-for cycle
  | 'loop-blocked'     // starvation: main event loop blocked
  | 'unfair'           // starvation: an actor made no progress while others did
  | 'livelock'
  | 'timeout'          // the run did not stop within its budget + grace
  | 'overrun';         // an op still running a grace period after the budget

export interface ActorRef {
  name: string;                 // worker#3, task#1, main
  kind: 'worker' | 'task' | 'main';
  op?: string;
  label?: string;
  /** How long it has been stuck, for deadlock/starvation reports. */
  stuckMs?: number;
  stack?: string;
  state?: string;
}

export interface TransitionRecord {
  actor: string;
  op: string;
  from: number;
  to: number;
  checksumBefore: number;
  checksumAfter: number;
}

export interface SourceLocation {
  file: string;
  line: number;
  column?: number;
}

export interface Finding {
  kind: FindingKind;
  check: FindingCheck;
  /** The cause in one line. */
  message: string;
  actors: ActorRef[];
  /** The first bad transition(s), oldest first. */
  transitions?: TransitionRecord[];
  stack?: string;
  /** Where in the scenario file (best effort, from the stack). */
  location?: SourceLocation;
  round: number;
  roundSeed: number;
  /** Extra lines for the report (wait-for cycle, loop delay figures...). */
  details?: string[];
  /** Command that replays this finding's round. */
  replay?: string;
  /** The round's schedule token (mix, random, pct:D:K): with the round seed it fixes the round's decisions. */
  schedule?: string;
  /** A controlled round's interleaving, in order (the last steps when it was long). */
  trace?: TraceStep[];
  /** Trace steps left off the front of a long round. */
  traceDropped?: number;
  /** This finding is the smallest failing round found after the original one (src/engine/shrink.ts). */
  shrunk?: {
    from: ShrinkShape;
    to: ShrinkShape;
    runs: number;
    /**
     * Set when the shrunk round shows the same kind of finding through another check
     * (a corruption an assertion saw in the big round, the invariant in the small one):
     * what the original round's finding was.
     */
    original?: { check: FindingCheck; message: string };
  };
  /** A free-running finding: how often re-running its round gave the same kind and check. */
  reproduced?: { runs: number; failed: number };
  /**
   * --fail-on left this finding's kind out: it is reported, but it does not fail its
   * scenario or the run (set once, by the supervisor: src/report/build.ts).
   */
  ignored?: true;
}

/** A round's size: actors and ops per actor (and PCT depth, where controlled). */
export interface ShrinkShape {
  workers: number;
  tasks: number;
  ops: number;
  depth?: number;
}

/** One event of a controlled round: declared beside the trace builder (src/sched/trace.ts). */
export type { TraceStep } from './sched/trace.js';

export interface SideSummary {
  kind: 'worker' | 'task';
  actors: number;
  ops: number;
  transitions: number;
  yields: number;
  /** Longest time one op took (ms). */
  maxOpMs: number;
}

/** A scenario's or a run's status; the one ordering of them is in src/report/status.ts. */
export type Status = 'pass' | 'fail' | 'error' | 'interrupted';

export interface ScenarioResult {
  file: string;
  scenario: string;
  status: Status;
  seed: number;
  /** Effective settings, as the replay command needs them. */
  settings: RunSettings;
  rounds: number;
  ops: number;
  durationMs: number;
  /** Of durationMs, the part before the budget started (the worker pool's start). */
  startupMs?: number;
  findings: Finding[];
  sides: SideSummary[];
  /** Command that replays the first finding (or this run). */
  replay: string;
  /** For status 'error': why the scenario could not run. */
  error?: string;
  /** For status 'error': the stack behind it, when there is one (shown with --verbose). */
  errorStack?: string;
  eventLoop?: { maxMs: number; p99Ms: number };
  /** Not findings, but worth a line: e.g. processes the scenario left running (killed). */
  warnings?: string[];
}

/**
 * What a run process (its main thread, or the watchdog when that thread is wedged) or
 * the supervisor observed of one scenario: a result without a verdict. Only the result
 * builder (src/report/build.ts) turns it into a ScenarioResult, status and all.
 */
export type ScenarioRecord = Omit<ScenarioResult, 'status'> & {
  /** The scenario did not run to its budget's end (stopped, cut short, never finished). */
  stopped: boolean;
};

export interface RunResult {
  status: Status;
  scenarios: ScenarioResult[];
  durationMs: number;
  /** Usage / load errors that are not tied to one scenario. */
  errors: string[];
  /** Files the --scenario name filter left out entirely (with the scenarios they have). */
  skipped?: { file: string; scenarios: string[] }[];
}
