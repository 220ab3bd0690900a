// Grouping and counting shared by the summary, JSON, JUnit and GitHub reporters, so
// they cannot disagree about how many files failed.
import { FINDING_KINDS, type FindingKind, type RunResult, type ScenarioResult } from '../result.js';
import { plural, relPath } from './format.js';
import type { Status } from '../result.js';
import { STATUS_ORDER, isFailing, worstStatus } from './status.js';

export interface FileGroup {
  /** Relative to cwd, `/` separators. */
  file: string;
  status: Status;
  durationMs: number;
  scenarios: ScenarioResult[];
}

/** Files in the order they first appear in the result. */
export function groupByFile(result: RunResult, cwd: string): FileGroup[] {
  const groups = new Map<string, ScenarioResult[]>();
  for (const s of result.scenarios) {
    const file = relPath(s.file, cwd);
    const list = groups.get(file);
    if (list) list.push(s);
    else groups.set(file, [s]);
  }
  return [...groups].map(([file, scenarios]) => ({
    file,
    scenarios,
    status: worstStatus(scenarios.map((s) => s.status)),
    durationMs: scenarios.reduce((sum, s) => sum + s.durationMs, 0),
  }));
}

export type KindCounts = Record<FindingKind, number>;

/** Findings by kind: all of them, or only the failing / only the ignored (--fail-on) ones. */
export function countKinds(scenarios: readonly ScenarioResult[], which: 'all' | 'failing' | 'ignored' = 'all'): KindCounts {
  const counts = Object.fromEntries(FINDING_KINDS.map((k) => [k, 0])) as KindCounts;
  for (const s of scenarios) {
    for (const f of s.findings) if (which === 'all' || isFailing(f) === (which === 'failing')) counts[f.kind]++;
  }
  return counts;
}

export function total(counts: KindCounts): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

/**
 * "1 finding: 1 corruption"; with --fail-on, the findings it ignored said apart:
 * "2 findings ignored by --fail-on: 2 starvation". Empty when there are none.
 */
export function describeFindings(scenarios: readonly ScenarioResult[]): string {
  const failing = countKinds(scenarios, 'failing');
  const ignored = countKinds(scenarios, 'ignored');
  return [
    total(failing) > 0 ? `${plural(total(failing), 'finding')}: ${describeKinds(failing)}` : '',
    total(ignored) > 0 ? `${plural(total(ignored), 'finding')} ignored by --fail-on: ${describeKinds(ignored)}` : '',
  ].filter(Boolean).join('; ');
}

export function countStatuses(statuses: readonly Status[]): Record<Status, number> {
  const counts = Object.fromEntries(STATUS_ORDER.map((s) => [s, 0])) as Record<Status, number>;
  for (const s of statuses) counts[s]++;
  return counts;
}

/** "2 corruptions, 1 deadlock" (kinds with a zero count left out). */
export function describeKinds(counts: KindCounts): string {
  return FINDING_KINDS.filter((k) => counts[k] > 0).map((k) => plural(counts[k], k)).join(', ');
}

/**
 * Run-level errors not already shown as a scenario's own error. The runner may put a
 * load failure in both places; a reader (and a JUnit error count) should see it once.
 */
export function runErrors(result: RunResult): string[] {
  const shown = new Set(result.scenarios.map((s) => s.error).filter((e) => e !== undefined));
  return result.errors.filter((e) => !shown.has(e));
}
