// A run's overall status, the one thing the exit code comes from:
// interrupted > error > fail > pass. With --fail-on, findings of other kinds
// are reported but do not fail the run (a crash always does).
import type { FindingKind, RunResult, ScenarioResult } from '../result.js';

export function overallStatus(scenarios: ScenarioResult[], errors: string[], aborted: boolean, failOn?: readonly FindingKind[]): RunResult['status'] {
  if (aborted || scenarios.some((s) => s.status === 'interrupted')) return 'interrupted';
  if (errors.length > 0 || scenarios.some((s) => s.status === 'error')) return 'error';
  // A crash of the run process fails the run whatever --fail-on says: what it hid is unknown.
  const gating = (s: ScenarioResult) => s.findings.some((f) => !failOn || f.check === 'crash' || failOn.includes(f.kind));
  return scenarios.some((s) => s.status === 'fail' && gating(s)) ? 'fail' : 'pass';
}
