// The scenario's result as the watchdog writes it when the main thread can no longer
// (blocked forever, or stuck on a promise that never settles after a deadlock): what the
// main thread reported after its last finished round, plus the round in flight read
// from the telemetry, plus the watchdog's own findings. Pure: a record, which the
// supervisor builds into the result like every other (src/report/build.ts).
import type { Finding, ScenarioRecord, SideSummary } from '../result.js';
import { replayCommand } from '../replay.js';
import type { ScenarioInfo } from './protocol.js';

export interface Progress {
  rounds: number;
  ops: number;
  sides: SideSummary[];
  findings: Finding[];
  firstFindingRound?: number;
}

export interface RoundCounters {
  round: number;
  /** Per actor id. */
  ops: number[];
  transitions: number[];
  yields: number[];
}

export function wedgeResult(info: ScenarioInfo, progress: Progress | undefined, current: RoundCounters, own: readonly Finding[], now: number): ScenarioRecord {
  const sides = new Map<'worker' | 'task', SideSummary>();
  for (const s of progress?.sides ?? []) sides.set(s.kind, { ...s, actors: 0 });
  for (const a of info.actors) {
    let s = sides.get(a.kind);
    if (!s) sides.set(a.kind, (s = { kind: a.kind, actors: 0, ops: 0, transitions: 0, yields: 0, maxOpMs: 0 }));
    s.actors++;
    s.ops += current.ops[a.id] ?? 0;
    s.transitions += current.transitions[a.id] ?? 0;
    s.yields += current.yields[a.id] ?? 0;
  }
  const findings = [...(progress?.findings ?? []), ...own];
  const firstFindingRound = progress?.firstFindingRound ?? findings[0]?.round;
  return {
    file: info.file,
    scenario: info.scenario,
    // The main thread never finished the scenario: without a finding that explains it,
    // it was cut short, not passed.
    stopped: findings.length === 0,
    seed: info.seed,
    settings: info.settings,
    rounds: Math.max(progress?.rounds ?? 0, current.round),
    ops: (progress?.ops ?? 0) + current.ops.reduce((a, b) => a + b, 0),
    durationMs: now - info.startedAt,
    findings,
    sides: [...sides.values()],
    replay: replayCommand({ file: info.file, named: info.named, scenario: { name: info.scenario }, seed: info.seed }, info.settings, firstFindingRound),
  };
}
