// The one result builder. A run process's main thread, its watchdog (when the main
// thread is wedged) and the supervisor itself (a load error, a run process that died
// mid-scenario) only record what they saw (ScenarioRecord); the supervisor turns every
// record into a ScenarioResult here, once, with --fail-on applied. So the status,
// the ignored marks and the "no work is no pass" rule cannot differ between paths.
import path from 'node:path';
import type { Finding, FindingKind, RunResult, RunSettings, ScenarioRecord, ScenarioResult } from '../result.js';
import { plural } from './format.js';
import { failsRun, runStatus, scenarioStatus } from './status.js';

export interface Verdict {
  /** Only findings of these kinds fail (default: all); the others are marked ignored. */
  failOn?: readonly FindingKind[] | undefined;
  /** The user interrupted the run: a scenario that had not failed did not pass either. */
  interrupted: boolean;
  /** The supervisor's own lines (processes the scenario left running). */
  warnings?: readonly string[];
}

export function buildScenarioResult(record: ScenarioRecord, verdict: Verdict): ScenarioResult {
  const { stopped: ownStop, ...seen } = record;
  const stopped = ownStop || verdict.interrupted;
  const marked = record.findings.map((f) => mark(f, verdict.failOn));
  // Under bail the run goes on past findings --fail-on ignores, and one bug trips the
  // same check round after round: the first stands for the rest, which fold into it.
  const findings = record.settings.bail ? foldIgnoredRepeats(marked) : marked;
  // A run that completed no op proves nothing: it never passes (and it is no finding).
  const idle = record.error === undefined && findings.length === 0 && !stopped && record.ops === 0;
  const error = idle ? `${record.file}: scenario "${record.scenario}" completed no op in ${plural(record.rounds, 'round')}: the run tested nothing` : record.error;
  const warnings = [...(record.warnings ?? []), ...(verdict.warnings ?? [])];
  const result: ScenarioResult = {
    ...seen,
    status: scenarioStatus({ findings, error, stopped }),
    durationMs: Math.round(record.durationMs),
    findings,
  };
  if (record.startupMs !== undefined) result.startupMs = Math.round(record.startupMs);
  if (error !== undefined) result.error = error;
  if (warnings.length > 0) result.warnings = warnings;
  return result;
}

/** A scenario (or a whole file) that could not run. */
export function errorRecord(file: string, message: string, settings: RunSettings, seed = 0, stack?: string): ScenarioRecord {
  return {
    file, scenario: path.basename(file), seed, settings, rounds: 0, ops: 0, durationMs: 0,
    findings: [], sides: [], replay: '', error: message, ...(stack ? { errorStack: stack } : {}), stopped: false,
  };
}

export interface RunParts {
  scenarios: ScenarioResult[];
  errors: string[];
  aborted: boolean;
  durationMs: number;
  skipped?: RunResult['skipped'];
}

export function buildRunResult({ scenarios, errors, aborted, durationMs, skipped }: RunParts): RunResult {
  return {
    status: runStatus(scenarios, errors, aborted),
    scenarios,
    durationMs: Math.round(durationMs),
    errors,
    ...(skipped?.length ? { skipped } : {}),
  };
}

function mark(f: Finding, failOn: readonly FindingKind[] | undefined): Finding {
  if (failsRun(f, failOn)) {
    const { ignored: _, ...failing } = f;
    return failing;
  }
  return { ...f, ignored: true };
}

const keyOf = (f: Finding) => [f.kind, f.check, f.location ? `${f.location.file}:${f.location.line}` : f.message].join('\u0000');

function foldIgnoredRepeats(findings: readonly Finding[]): Finding[] {
  const firsts = new Map<string, { finding: Finding; rounds: number[] }>();
  const out: Finding[] = [];
  for (const f of findings) {
    const first = f.ignored ? firsts.get(keyOf(f)) : undefined;
    if (first) {
      first.rounds.push(f.round);
      continue;
    }
    const kept = { ...f };
    if (f.ignored) firsts.set(keyOf(f), { finding: kept, rounds: [] });
    out.push(kept);
  }
  for (const { finding, rounds } of firsts.values()) {
    if (rounds.length === 0) continue;
    const span = rounds.length === 1 ? `round ${rounds[0]}` : `rounds ${Math.min(...rounds)}-${Math.max(...rounds)}`;
    finding.details = [...(finding.details ?? []), `${rounds.length} more like it in ${span}, also ignored by --fail-on`];
  }
  return out;
}
