// The one status function: how findings, errors and interruptions make a status, and
// the one order of statuses. The engine (src/report/build.ts, called by the
// supervisor), the reporters (a file's status), merge and the exit code all read these.
import type { Finding, FindingKind, Status } from '../result.js';

/**
 * Worst last: interrupted > error > fail > pass, the order of the exit codes' meaning
 * (130 says the run was cut short before anything else it says).
 */
export const STATUS_ORDER: readonly Status[] = ['pass', 'fail', 'error', 'interrupted'];

export function worstStatus(statuses: Iterable<Status>): Status {
  let worst: Status = 'pass';
  for (const s of statuses) if (STATUS_ORDER.indexOf(s) > STATUS_ORDER.indexOf(worst)) worst = s;
  return worst;
}

/**
 * Whether `--fail-on` lets a finding fail the run. A crash of the run process always
 * does, whatever --fail-on says: what it hid is unknown.
 */
export function failsRun(finding: Pick<Finding, 'kind' | 'check'>, failOn: readonly FindingKind[] | undefined): boolean {
  return !failOn || finding.check === 'crash' || failOn.includes(finding.kind);
}

/** A finding counts against its scenario unless --fail-on marked it ignored. */
export function isFailing(finding: Finding): boolean {
  return finding.ignored !== true;
}

export interface StatusInputs {
  findings: readonly Finding[];
  /** Why the scenario could not run (status error). */
  error?: string | undefined;
  stopped: boolean;
}

/** A scenario's status: it could not run, a failing finding, cut short, or it passed. */
export function scenarioStatus({ findings, error, stopped }: StatusInputs): Status {
  if (error !== undefined) return 'error';
  if (findings.some(isFailing)) return 'fail';
  return stopped ? 'interrupted' : 'pass';
}

/** A run's status, the one thing its exit code comes from. */
export function runStatus(scenarios: readonly { status: Status }[], errors: readonly string[], aborted: boolean): Status {
  return worstStatus([
    ...scenarios.map((s) => s.status),
    errors.length > 0 ? 'error' : 'pass',
    aborted ? 'interrupted' : 'pass',
  ]);
}
