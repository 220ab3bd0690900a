// Which command replays a finding: its own (the engine sets one per finding,
// naming the finding's round), else the scenario's.
import type { Finding, ScenarioResult } from '../result.js';

export function replayFor(scenario: ScenarioResult, finding: Finding): string {
  return finding.replay ?? scenario.replay;
}

/** The scenario's replay command when there is something to replay (not on a clean pass). */
export function scenarioReplay(s: ScenarioResult): string | undefined {
  return s.replay && (s.status !== 'pass' || s.findings.length > 0) ? s.replay : undefined;
}
