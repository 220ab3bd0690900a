// Which command replays a finding. `ScenarioResult.replay` replays the scenario's
// first finding; findings of later rounds (with --no-bail) have no command of their
// own in the result types yet, so they point at the scenario's. Kept in one place so
// that a per-finding command, once the result carries it, changes one function.
import type { Finding, ScenarioResult } from '../result.js';

export function replayFor(scenario: ScenarioResult, _finding: Finding): string {
  return scenario.replay;
}
