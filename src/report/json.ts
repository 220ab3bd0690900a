// The JSON reporter. The shape is a public, versioned contract (json-schema.ts
// describes it): change it only together with `schemaVersion` and the schema.
// Paths are relative to cwd so that shard reports from different machines merge.
import type { ActorRef, Finding, RunResult, RunSettings, ScenarioResult, SideSummary, TraceStep, TransitionRecord } from '../result.js';
import { relPath } from './format.js';
import { replayFor } from './replay.js';
import type { Status } from '../result.js';
import { countKinds, countStatuses, groupByFile, runErrors, total, type KindCounts } from './tally.js';
import { toolVersion } from './version.js';

export const JSON_SCHEMA_VERSION = 1;

export interface JsonReport {
  schemaVersion: typeof JSON_SCHEMA_VERSION;
  tool: 'racecheck';
  version: string;
  status: Status;
  durationMs: number;
  summary: {
    files: number;
    scenarios: number;
    passed: number;
    failed: number;
    errors: number;
    interrupted: number;
    findings: number;
    /** Of `findings`, those --fail-on left out: reported, not failing. */
    ignored: number;
    /** Files the --scenario filter left out. */
    skipped: number;
    byKind: KindCounts;
  };
  /** Usage / load errors not tied to one scenario. */
  errors: string[];
  files: JsonFile[];
  /** Files the --scenario filter left out, with the scenarios they have. */
  skipped: { file: string; scenarios: string[] }[];
}

export interface JsonFile {
  file: string;
  status: Status;
  durationMs: number;
  scenarios: JsonScenario[];
}

export interface JsonScenario {
  name: string;
  status: Status;
  seed: number;
  rounds: number;
  ops: number;
  durationMs: number;
  /** Of durationMs, the part before the budget started (worker pool start). */
  startupMs?: number;
  settings: RunSettings;
  sides: SideSummary[];
  eventLoop: { maxMs: number; p99Ms: number } | null;
  error: string | null;
  replay: string;
  findings: JsonFinding[];
  /** Present when there is something to say: processes the scenario left running. */
  warnings?: string[];
}

export interface JsonFinding {
  kind: Finding['kind'];
  check: Finding['check'];
  message: string;
  round: number;
  roundSeed: number;
  actors: ActorRef[];
  location: { file: string; line: number; column: number | null } | null;
  transitions: TransitionRecord[];
  stack: string | null;
  details: string[];
  replay: string;
  /** The round's schedule token (mix, random, pct:D:K), when the engine recorded one. */
  schedule?: string;
  /** A controlled round's interleaving. */
  trace?: TraceStep[];
  shrunk?: Finding['shrunk'];
  reproduced?: Finding['reproduced'];
  /** --fail-on left this finding's kind out: it does not fail its scenario or the run. */
  ignored: boolean;
}

export interface JsonOptions {
  cwd?: string;
}

export function toJsonReport(result: RunResult, opts: JsonOptions = {}): JsonReport {
  const cwd = opts.cwd ?? process.cwd();
  const statuses = countStatuses(result.scenarios.map((s) => s.status));
  const byKind = countKinds(result.scenarios);
  const files = groupByFile(result, cwd);
  return {
    schemaVersion: JSON_SCHEMA_VERSION,
    tool: 'racecheck',
    version: toolVersion(),
    status: result.status,
    durationMs: Math.round(result.durationMs),
    summary: {
      files: files.length,
      scenarios: result.scenarios.length,
      passed: statuses.pass,
      failed: statuses.fail,
      errors: statuses.error,
      interrupted: statuses.interrupted,
      findings: total(byKind),
      ignored: total(countKinds(result.scenarios, 'ignored')),
      skipped: result.skipped?.length ?? 0,
      byKind,
    },
    errors: runErrors(result),
    files: files.map((f) => ({
      file: f.file,
      status: f.status,
      durationMs: Math.round(f.durationMs),
      scenarios: f.scenarios.map((s) => jsonScenario(s, cwd)),
    })),
    skipped: (result.skipped ?? []).map((f) => ({ file: relPath(f.file, cwd), scenarios: f.scenarios })),
  };
}

export function renderJson(result: RunResult, opts: JsonOptions = {}): string {
  return JSON.stringify(toJsonReport(result, opts), null, 2);
}

function jsonScenario(s: ScenarioResult, cwd: string): JsonScenario {
  return {
    name: s.scenario,
    status: s.status,
    seed: s.seed,
    rounds: s.rounds,
    ops: s.ops,
    durationMs: Math.round(s.durationMs),
    ...(s.startupMs !== undefined ? { startupMs: Math.round(s.startupMs) } : {}),
    settings: s.settings,
    // Sub-millisecond noise is no information; two decimals keep fast ops readable.
    sides: s.sides.map((side) => ({ ...side, maxOpMs: Math.round(side.maxOpMs * 100) / 100 })),
    eventLoop: s.eventLoop ?? null,
    error: s.error ?? null,
    replay: s.replay,
    findings: s.findings.map((f) => jsonFinding(f, s, cwd)),
    ...(s.warnings?.length ? { warnings: s.warnings } : {}),
  };
}

function jsonFinding(f: Finding, s: ScenarioResult, cwd: string): JsonFinding {
  return {
    kind: f.kind,
    check: f.check,
    message: f.message,
    round: f.round,
    roundSeed: f.roundSeed,
    actors: f.actors,
    location: f.location ? { file: relPath(f.location.file, cwd), line: f.location.line, column: f.location.column ?? null } : null,
    transitions: f.transitions ?? [],
    stack: f.stack ?? null,
    details: f.details ?? [],
    replay: replayFor(s, f),
    ...(f.schedule !== undefined ? { schedule: f.schedule } : {}),
    ...(f.trace ? { trace: f.trace } : {}),
    ...(f.shrunk ? { shrunk: f.shrunk } : {}),
    ...(f.reproduced ? { reproduced: f.reproduced } : {}),
    ignored: f.ignored === true,
  };
}
