// Which command replays a finding: its own (the engine sets one per finding,
// naming the finding's round), else the scenario's.
import type { Finding, ScenarioResult } from '../result.js';

export function replayFor(scenario: ScenarioResult, finding: Finding): string {
  return finding.replay ?? scenario.replay;
}
