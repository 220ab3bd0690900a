import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../../src/result.js';
import { renderJson } from '../../../src/report/json.js';
import { errorsOf, validate, validateClosed } from '../../schema.js';
import { CWD, corrupted, errored, everyKind, mixedRun, passing, run } from './fixtures.js';

type Schema = { [key: string]: unknown };

const report = (r: RunResult) => JSON.parse(renderJson(r, { cwd: CWD })) as Schema;

describe('renderJson against the published schema (ajv, draft 2020-12)', () => {
  const cases: Record<string, RunResult> = {
    'a pass': run([passing()]),
    'a failure with a finding of every kind': run([everyKind()]),
    'a scenario that could not run': run([errored()], { status: 'error', errors: [errored().error!, 'bad flag --workers two'] }),
    'an interrupted run': run([corrupted({ status: 'interrupted' })], { status: 'interrupted' }),
    'a mixed run': mixedRun(),
    'an empty run with a usage error': run([], { status: 'error', errors: ['no files'] }),
  };
  for (const [name, result] of Object.entries(cases)) {
    it(`is valid, and documents every key it writes: ${name}`, () => {
      const value = report(result);
      expect(errorsOf(validate, value)).toEqual([]);
      expect(errorsOf(validateClosed, value)).toEqual([]);
    });
  }

  it('covers every finding kind in the every-kind fixture', () => {
    const findings = (report(run([everyKind()])) as { files: { scenarios: { findings: { kind: string }[] }[] }[] }).files[0]!.scenarios[0]!.findings;
    expect(findings.map((f) => f.kind)).toEqual(['corruption', 'deadlock', 'starvation', 'error']);
  });

  it('rejects broken reports, so the check can fail', () => {
    const good = report(mixedRun());
    const broken: Record<string, (r: any) => void> = {
      'missing status': (r) => delete r.status,
      'unknown status': (r) => (r.status = 'ok'),
      'schemaVersion 2': (r) => (r.schemaVersion = 2),
      'a finding of an unknown kind': (r) => (r.files[1].scenarios[0].findings[0].kind = 'bug'),
      'a location line as a string': (r) => (r.files[1].scenarios[0].findings[0].location.line = '14'),
      'an actor without a name': (r) => delete r.files[2].scenarios[0].findings[0].actors[0].name,
      'a negative duration': (r) => (r.files[0].scenarios[0].durationMs = -1),
      'a missing null (eventLoop)': (r) => delete r.files[0].scenarios[0].eventLoop,
      'summary.byKind without starvation': (r) => delete r.summary.byKind.starvation,
    };
    for (const [name, breakIt] of Object.entries(broken)) {
      const copy = structuredClone(good);
      breakIt(copy);
      expect(validate(copy), name).toBe(false);
    }
    const noStatus = structuredClone(good);
    delete noStatus['status'];
    expect(errorsOf(validate, noStatus)).toEqual(["/ must have required property 'status'"]);
  });

  it('the closed copy rejects an undocumented key', () => {
    const r = report(mixedRun()) as any;
    r.files[0].scenarios[0].findings.push({ ...r.files[1].scenarios[0].findings[0], severity: 'high' });
    expect(validate(r)).toBe(true);
    expect(errorsOf(validateClosed, r)).toEqual(['/files/0/scenarios/0/findings/0 must NOT have unevaluated properties']);
  });
});

describe('renderJson content', () => {
  const value = report(mixedRun()) as any;

  it('has the documented top-level keys and version', () => {
    expect(value).toMatchObject({ schemaVersion: 1, tool: 'racecheck', status: 'error', durationMs: 7100 });
    expect(value.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(value.summary).toEqual({
      files: 4, scenarios: 4, passed: 1, failed: 2, errors: 1, interrupted: 0, findings: 2, ignored: 0, skipped: 0,
      byKind: { corruption: 1, deadlock: 1, starvation: 0, error: 0 },
    });
  });

  it('gives findings kind, check, message, actors, location, transitions and replay', () => {
    const finding = value.files[1].scenarios[0].findings[0];
    expect(value.files[1].file).toBe('scenarios/counter-buggy.ts');
    expect(finding).toMatchObject({
      kind: 'corruption',
      check: 'lost-update',
      location: { file: 'scenarios/counter-buggy.ts', line: 14, column: 9 },
      replay: 'racecheck run scenarios/counter-buggy.ts --seed 1234 --round 3',
      stack: null,
      details: [],
    });
    expect(finding.actors.map((a: { name: string }) => a.name)).toEqual(['worker#2', 'task#1']);
    expect(finding.transitions).toHaveLength(2);
  });

  it('uses a finding\'s own replay command when it has one', () => {
    const findings = (report(run([everyKind()])) as any).files[0].scenarios[0].findings;
    expect(findings.map((f: { replay: string }) => f.replay)).toEqual([
      'racecheck run scenarios/everything-buggy.ts --seed 1234 --round 3',
      'racecheck run scenarios/everything-buggy.ts --seed 1234 --round 3',
      'racecheck run scenarios/everything-buggy.ts --seed 1234 --round 7',
      'racecheck run scenarios/everything-buggy.ts --seed 1234 --round 3',
    ]);
  });

  it('uses null rather than leaving optional scenario fields out', () => {
    const broken = value.files[3].scenarios[0];
    expect(broken.eventLoop).toBeNull();
    expect(broken.error).toContain('SyntaxError');
  });

  it('reports run-level errors and an empty run', () => {
    const empty = report(run([], { status: 'error', errors: ['no files'] })) as any;
    expect(empty.files).toEqual([]);
    expect(empty.errors).toEqual(['no files']);
  });
});
