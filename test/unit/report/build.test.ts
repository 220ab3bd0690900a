// The one result builder: every path (the run process's result, the watchdog's, a load
// error, a run process that died) goes through it, with --fail-on applied once.
import { describe, expect, it } from 'vitest';
import type { Finding, ScenarioRecord } from '../../../src/result.js';
import { buildRunResult, buildScenarioResult, errorRecord } from '../../../src/report/build.js';
import { settings } from './fixtures.js';

const corruption: Finding = { kind: 'corruption', check: 'lost-update', message: 'lost', actors: [], round: 2, roundSeed: 9 };
const crash: Finding = { kind: 'error', check: 'crash', message: 'the run process died', actors: [], round: 3, roundSeed: 4 };

function record(overrides: Partial<ScenarioRecord> = {}): ScenarioRecord {
  return {
    file: 'scenarios/x.ts', scenario: 'x', seed: 1, settings, rounds: 4, ops: 40, durationMs: 1234.5678,
    findings: [], sides: [], replay: 'npx racecheck run scenarios/x.ts --seed 1', stopped: false, ...overrides,
  };
}

describe('buildScenarioResult', () => {
  it('fails on a finding by default, and marks nothing', () => {
    const r = buildScenarioResult(record({ findings: [corruption] }), { interrupted: false });
    expect(r.status).toBe('fail');
    expect(r.findings[0]).not.toHaveProperty('ignored');
  });

  it('with --fail-on naming other kinds: the finding is kept, marked ignored, and the scenario passes', () => {
    const r = buildScenarioResult(record({ findings: [corruption] }), { failOn: ['deadlock'], interrupted: false });
    expect(r.status).toBe('pass');
    expect(r.findings).toEqual([{ ...corruption, ignored: true }]);
  });

  it('a crash fails whatever --fail-on says', () => {
    const r = buildScenarioResult(record({ findings: [corruption, crash] }), { failOn: ['deadlock'], interrupted: false });
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.ignored ?? false)).toEqual([true, false]);
  });

  it('applies --fail-on afresh (a stale mark does not survive)', () => {
    const r = buildScenarioResult(record({ findings: [{ ...corruption, ignored: true }] }), { interrupted: false });
    expect(r.status).toBe('fail');
    expect(r.findings[0]).not.toHaveProperty('ignored');
  });

  it('a run that completed no op is an error, never a pass', () => {
    const r = buildScenarioResult(record({ ops: 0, rounds: 1 }), { interrupted: false });
    expect(r.status).toBe('error');
    expect(r.error).toBe('scenarios/x.ts: scenario "x" completed no op in 1 round: the run tested nothing');
    expect(buildScenarioResult(record({ ops: 0, rounds: 3 }), { interrupted: false }).error).toContain('in 3 rounds');
  });

  it('an interruption turns a pass into interrupted, and leaves a failure a failure', () => {
    expect(buildScenarioResult(record(), { interrupted: true }).status).toBe('interrupted');
    expect(buildScenarioResult(record({ ops: 0 }), { interrupted: true }).status).toBe('interrupted');
    expect(buildScenarioResult(record({ findings: [corruption] }), { interrupted: true }).status).toBe('fail');
    expect(buildScenarioResult(record({ stopped: true }), { interrupted: false }).status).toBe('interrupted');
  });

  it('rounds durations to whole milliseconds and adds the supervisor\'s warnings', () => {
    const r = buildScenarioResult(record({ startupMs: 10.4, warnings: ['a'] }), { interrupted: false, warnings: ['b'] });
    expect(r).toMatchObject({ durationMs: 1235, startupMs: 10, warnings: ['a', 'b'] });
    expect(r).not.toHaveProperty('stopped');
  });

  it('under bail, repeats of an ignored finding fold into the first; failing ones are all kept', () => {
    const at = (round: number, f: Finding = corruption) => ({ ...f, round });
    const r = buildScenarioResult(record({ findings: [at(1), at(2), at(5), at(6, crash), at(7, crash)] }), { failOn: ['deadlock'], interrupted: false });
    expect(r.findings.map((f) => [f.check, f.round, f.ignored ?? false])).toEqual([['lost-update', 1, true], ['crash', 6, false], ['crash', 7, false]]);
    expect(r.findings[0]!.details).toEqual(['2 more like it in rounds 2-5, also ignored by --fail-on']);
    // --no-bail asked for every finding: none is folded.
    const all = buildScenarioResult(record({ settings: { ...settings, bail: false }, findings: [at(1), at(2)] }), { failOn: ['deadlock'], interrupted: false });
    expect(all.findings).toHaveLength(2);
  });

  it('an error record is an error result', () => {
    const r = buildScenarioResult(errorRecord('scenarios/y.ts', 'scenarios/y.ts: cannot load', settings, 5, 'stack'), { interrupted: false });
    expect(r).toMatchObject({ status: 'error', scenario: 'y.ts', seed: 5, error: 'scenarios/y.ts: cannot load', errorStack: 'stack' });
  });
});

describe('buildRunResult', () => {
  it('takes its status from the scenarios, errors and abort, and rounds the duration', () => {
    const pass = buildScenarioResult(record({ findings: [corruption] }), { failOn: ['deadlock'], interrupted: false });
    expect(buildRunResult({ scenarios: [pass], errors: [], aborted: false, durationMs: 10.6 })).toEqual({ status: 'pass', scenarios: [pass], durationMs: 11, errors: [] });
    expect(buildRunResult({ scenarios: [pass], errors: ['x'], aborted: false, durationMs: 1 }).status).toBe('error');
    expect(buildRunResult({ scenarios: [], errors: [], aborted: false, durationMs: 1, skipped: [{ file: 'a.ts', scenarios: ['a'] }] }).skipped).toHaveLength(1);
  });
});
