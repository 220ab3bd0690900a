import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/result.js';
import { wedgeResult } from '../../../src/watch/wedge.js';
import type { ScenarioInfo } from '../../../src/watch/protocol.js';

const info: ScenarioInfo = {
  file: 'scenarios/x.ts', scenario: 'x', named: false, seed: 7,
  settings: { workers: 1, tasks: 1, opsPerRound: 50, durationMs: 5000, yieldMaxUs: 100, yieldTurns: 4, bail: true, deadlockTimeoutMs: 2000, starvationThresholdMs: 200, scheduler: 'auto', shrinkMs: 2000 },
  telemetry: new SharedArrayBuffer(8), actors: [{ id: 0, name: 'worker#1', kind: 'worker' }, { id: 1, name: 'task#1', kind: 'task' }],
  opNames: ['op'], startedAt: 1000, deadline: 6000, graceMs: 2000,
};
const finding = (round: number): Finding => ({ kind: 'deadlock', check: 'deadlock', message: 'm', actors: [], round, roundSeed: 1 });

describe('wedgeResult', () => {
  it('adds the round in flight to what the main thread reported, and fails with the watchdog findings', () => {
    const r = wedgeResult(info, {
      rounds: 2, ops: 100, findings: [],
      sides: [{ kind: 'worker', actors: 1, ops: 50, transitions: 5, yields: 7, maxOpMs: 3 }, { kind: 'task', actors: 1, ops: 50, transitions: 0, yields: 9, maxOpMs: 4 }],
    }, { round: 3, ops: [4, 6], transitions: [1, 0], yields: [2, 2] }, [finding(3)], 4000);
    // A record: the supervisor gives it its status (src/report/build.ts); it was not cut short.
    expect(r).toMatchObject({ stopped: false, rounds: 3, ops: 110, durationMs: 3000, seed: 7 });
    expect(r).not.toHaveProperty('status');
    expect(r.sides).toEqual([
      { kind: 'worker', actors: 1, ops: 54, transitions: 6, yields: 9, maxOpMs: 3 },
      { kind: 'task', actors: 1, ops: 56, transitions: 0, yields: 11, maxOpMs: 4 },
    ]);
    expect(r.replay).toContain('--seed 7 --round 3');
  });

  it('works before any round finished', () => {
    const r = wedgeResult(info, undefined, { round: 1, ops: [0, 0], transitions: [0, 0], yields: [0, 0] }, [finding(1)], 1500);
    expect(r.findings).toHaveLength(1);
    expect(r.sides.map((s) => s.actors)).toEqual([1, 1]);
  });

  it('without a finding, the scenario was cut short (never a pass)', () => {
    const r = wedgeResult(info, undefined, { round: 1, ops: [3, 0], transitions: [0, 0], yields: [0, 0] }, [], 1500);
    expect(r.stopped).toBe(true);
  });
});
