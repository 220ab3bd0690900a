import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding, RunResult, ScenarioResult } from '../../../src/result.js';
import { renderGithubSummary } from '../../../src/report/github-summary.js';
import { REPORTER_NAMES, renderReport } from '../../../src/report/index.js';
import { renderJson, toJsonReport } from '../../../src/report/json.js';
import { fromJsonReport, mergeResults, parseJsonReport } from '../../../src/report/merge.js';
import { relPath } from '../../../src/report/format.js';
import { replayFor } from '../../../src/report/replay.js';
import { groupByFile, runErrors } from '../../../src/report/tally.js';
import { CWD, corrupted, deadlocked, errored, everyKind, lostUpdate, mixedRun, passing, run } from './fixtures.js';

const roundTrip = (r: RunResult, cwd = CWD) => fromJsonReport(JSON.parse(renderJson(r, { cwd })), 'shard.json');

/**
 * What a round trip may change, and nothing else (see merge.ts): cwd-relative paths,
 * [] for absent lists, each finding's effective replay, run errors as runErrors shows
 * them, scenarios grouped by file.
 */
function canonical(r: RunResult, cwd = CWD): RunResult {
  const finding = (f: Finding, s: ScenarioResult): Finding => ({
    ...f,
    transitions: f.transitions ?? [],
    details: f.details ?? [],
    replay: replayFor(s, f),
    ...(f.location && { location: { ...f.location, file: relPath(f.location.file, cwd) } }),
  });
  return {
    status: r.status,
    durationMs: r.durationMs,
    errors: runErrors(r),
    ...(r.skipped ? { skipped: r.skipped } : {}),
    scenarios: groupByFile(r, cwd).flatMap((g) => g.scenarios.map((s) => ({ ...s, file: g.file, findings: s.findings.map((f) => finding(f, s)) }))),
  };
}

/** Everything a user or CI sees from a result: every reporter, both colour modes, and the exit status. */
function rendered(r: RunResult, cwd = CWD): string[] {
  return [
    r.status,
    ...REPORTER_NAMES.flatMap((name) => [renderReport(name, r, { color: false, cwd }), renderReport(name, r, { color: true, cwd })]),
    renderGithubSummary(r, { cwd }),
  ];
}

const results: Record<string, () => RunResult> = {
  'a pass': () => run([passing()]),
  'every finding kind (--no-bail)': () => run([everyKind()]),
  'a mixed run with a scenario that could not run': () => mixedRun(),
  'run errors, one repeating a scenario error': () => run([errored(), passing()], { status: 'error', errors: [errored().error!, 'bad flag --workers two'] }),
  'an interrupted run': () => run([corrupted({ status: 'interrupted' }), passing({ status: 'interrupted' })], { status: 'interrupted' }),
  // --fail-on deadlock: a corruption is reported, yet the run passes.
  'a run that passes despite a finding': () => run([corrupted()], { status: 'pass' }),
  'an empty run': () => run([], { status: 'error', errors: ['no scenario matches "x/*.ts"'] }),
  // Everything the text reporter reads beyond the basics: a controlled finding's
  // schedule and trace, shrinking, a reproduction rate, --fail-on's mark, warnings,
  // the start-up time and files the --scenario filter skipped.
  'a controlled, shrunk finding ignored by --fail-on, warnings, skipped files': () => run([corrupted({
    startupMs: 120,
    warnings: ['the scenario left 1 process running (pid 42, sleep): killed'],
    findings: [{
      ...lostUpdate,
      ignored: true,
      schedule: 'v2:pct:3:412',
      trace: [
        { step: 1, actor: 'task#1', event: 'op', name: 'increment' },
        { step: 2, actor: 'task#1', event: 'enter', name: 'increment', from: 41 },
        { step: 3, actor: 'task#2', event: 'yield', label: 'after-read' },
        { step: 4, actor: 'task#2', event: 'fail', message: 'lost update' },
      ],
      shrunk: { from: { workers: 0, tasks: 8, ops: 50, depth: 3 }, to: { workers: 0, tasks: 2, ops: 1 }, runs: 17 },
    }, { ...lostUpdate, round: 4, reproduced: { runs: 5, failed: 4 } }, {
      ...lostUpdate, round: 6, check: 'invariant', message: 'invariant failed after round 6: 2 pokes',
      shrunk: { from: { workers: 0, tasks: 8, ops: 1 }, to: { workers: 0, tasks: 1, ops: 2 }, runs: 5, original: { check: 'assertion', message: 'assertion failed: 8 in flight' } },
    }],
  })], { skipped: [{ file: 'scenarios/other.ts', scenarios: ['a', 'b'] }] }),
};

describe('fromJsonReport: the round trip', () => {
  for (const [name, make] of Object.entries(results)) {
    describe(name, () => {
      const original = make();
      const back = roundTrip(original);

      it('gives back every field, up to the documented normalisation', () => {
        expect(back).toEqual(canonical(original));
      });

      it('renders exactly what the original renders, in every reporter, with the same exit status', () => {
        expect(rendered(back)).toEqual(rendered(original));
        expect(renderJson(back, { cwd: CWD })).toBe(renderJson(original, { cwd: CWD }));
      });

      // Stack text stays as the shard wrote it (absolute paths), so human output
      // rendered in another directory differs there; the data does not.
      it('is idempotent, and does not depend on the cwd it is read in', () => {
        expect(roundTrip(back)).toStrictEqual(back);
        expect(roundTrip(back, '/elsewhere')).toStrictEqual(back);
      });
    });
  }

  it('keeps findings in order with every field of every kind', () => {
    const back = roundTrip(run([everyKind()]));
    const original = everyKind();
    expect(back.scenarios[0]!.findings.map((f) => [f.kind, f.check, f.round, f.roundSeed, f.actors.length, f.transitions?.length, f.details?.length, !!f.stack, f.location?.line, f.location?.column]))
      .toEqual(original.findings.map((f) => [f.kind, f.check, f.round, f.roundSeed, f.actors.length, f.transitions?.length ?? 0, f.details?.length ?? 0, !!f.stack, f.location?.line, f.location?.column]));
    expect(back.scenarios[0]!.findings[1]!.actors[0]).toEqual({ ...original.findings[1]!.actors[0] });
  });

  it('groups scenarios by file when a file appears twice', () => {
    const a1 = passing({ scenario: 'one' }), b = corrupted(), a2 = passing({ scenario: 'two' });
    expect(roundTrip(run([a1, b, a2])).scenarios.map((s) => s.scenario)).toEqual(['one', 'two', b.scenario]);
  });

  it('keeps unknown checks (new in a later racecheck) and ignores unknown keys', () => {
    const json = JSON.parse(renderJson(run([corrupted()]), { cwd: CWD }));
    json.files[0].scenarios[0].findings[0].check = 'torn-read';
    json.files[0].scenarios[0].findings[0].severity = 'high';
    json.files[0].scenarios[0].settings.shard = '1/2';
    json.extra = true;
    const back = fromJsonReport(json, 'new.json');
    expect(back.scenarios[0]!.findings[0]!.check).toBe('torn-read');
    expect(back.scenarios[0]!.findings[0]).not.toHaveProperty('severity');
    expect(back.scenarios[0]!.settings).not.toHaveProperty('shard');
  });
});

describe('fromJsonReport: not a report', () => {
  const good = () => JSON.parse(renderJson(mixedRun(), { cwd: CWD }));
  const prefix = 'reports/shard-2.json: not a racecheck JSON report (schemaVersion 1): ';
  const cases: [string, (r: any) => unknown, string][] = [
    ['an array', () => [], 'the report is an array, expected an object'],
    ['null', () => null, 'the report is null, expected an object'],
    ['another tool\'s JSON', () => ({ numTotalTests: 3 }), 'schemaVersion is missing, expected 1'],
    ['a newer schema', (r) => ({ ...r, schemaVersion: 2 }), 'schemaVersion is 2, expected 1'],
    ['another tool', (r) => ({ ...r, tool: 'vitest' }), 'tool is "vitest", expected "racecheck"'],
    ['no status', (r) => { delete r.status; return r; }, 'status is missing, expected one of pass, fail, error, interrupted'],
    ['an unknown status', (r) => ({ ...r, status: 'ok' }), 'status is "ok", expected one of pass, fail, error, interrupted'],
    ['files not a list', (r) => ({ ...r, files: {} }), 'files is an object, expected an array'],
    ['a scenario without a name', (r) => { delete r.files[1].scenarios[0].name; return r; }, 'files[1].scenarios[0].name is missing, expected a string'],
    ['an unknown finding kind', (r) => { r.files[1].scenarios[0].findings[0].kind = 'bug'; return r; }, 'files[1].scenarios[0].findings[0].kind is "bug", expected one of corruption, deadlock, starvation, error'],
    ['a line as a string', (r) => { r.files[1].scenarios[0].findings[0].location.line = '14'; return r; }, 'files[1].scenarios[0].findings[0].location.line is "14", expected an integer'],
    ['an actor of an unknown kind', (r) => { r.files[2].scenarios[0].findings[0].actors[1].kind = 'fiber'; return r; }, 'files[2].scenarios[0].findings[0].actors[1].kind is "fiber", expected one of worker, task, main'],
    ['bail as a string', (r) => { r.files[0].scenarios[0].settings.bail = 'yes'; return r; }, 'files[0].scenarios[0].settings.bail is "yes", expected true or false'],
    ['a non-numeric duration', (r) => ({ ...r, durationMs: '7s' }), 'durationMs is "7s", expected a number'],
    ['an error that is not a string', (r) => ({ ...r, errors: [42] }), 'errors[0] is 42, expected a string'],
  ];
  for (const [name, mutate, what] of cases) {
    it(`names what is wrong: ${name}`, () => {
      expect(() => fromJsonReport(mutate(good()), 'reports/shard-2.json')).toThrow(new Error(prefix + what));
    });
  }

  it('parseJsonReport names the file for text that is not JSON', () => {
    expect(() => parseJsonReport('<?xml version="1.0"?>', 'rc.xml')).toThrow(/^rc\.xml: not a racecheck JSON report \(schemaVersion 1\): not JSON \(/);
    expect(parseJsonReport(renderJson(mixedRun(), { cwd: CWD }), 'a.json')).toEqual(roundTrip(mixedRun()));
  });
});

describe('mergeResults', () => {
  const STATUSES = ['pass', 'fail', 'error', 'interrupted'] as const;
  const RANK = { pass: 0, fail: 1, error: 2, interrupted: 3 };

  it('takes the worst status: interrupted > error > fail > pass', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...STATUSES), { minLength: 1, maxLength: 6 }), (statuses) => {
      const merged = mergeResults(statuses.map((status) => run([], { status })));
      expect(RANK[merged.status]).toBe(Math.max(...statuses.map((s) => RANK[s])));
    }));
    expect(mergeResults([run([passing()]), run([errored()], { status: 'error' }), run([corrupted()], { status: 'interrupted' })]).status).toBe('interrupted');
  });

  it('keeps each shard\'s status (a --fail-on pass stays a pass)', () => {
    expect(mergeResults([run([corrupted()], { status: 'pass' }), run([passing()])]).status).toBe('pass');
  });

  it('concatenates scenarios and errors in shard order; the duration is the slowest shard\'s', () => {
    const a = run([passing(), corrupted()], { durationMs: 4000, errors: ['a: warn'] });
    const b = run([deadlocked()], { durationMs: 9000, errors: ['b: warn'] });
    const merged = mergeResults([a, b]);
    expect(merged.scenarios).toEqual([...a.scenarios, ...b.scenarios]);
    expect(merged.errors).toEqual(['a: warn', 'b: warn']);
    expect(merged.durationMs).toBe(9000);
    expect(merged.status).toBe('fail');
  });

  it('is the identity on one result, and associative', () => {
    const [a, b, c] = [run([passing()]), run([corrupted()]), run([errored()], { status: 'error', errors: ['x'] })];
    expect(mergeResults([b])).toEqual(b);
    expect(mergeResults([mergeResults([a, b]), c])).toEqual(mergeResults([a, mergeResults([b, c])]));
  });

  it('does not pass when there is nothing to merge', () => {
    expect(mergeResults([])).toEqual({ status: 'error', scenarios: [], durationMs: 0, errors: ['racecheck merge: no reports to merge'] });
  });

  it('merges shard reports into the report one run over all files would give', () => {
    const shards = [run([passing(), corrupted()]), run([deadlocked(), everyKind()]), run([errored()], { status: 'error' })];
    const merged = toJsonReport(mergeResults(shards.map((s) => roundTrip(s))), { cwd: CWD });
    const whole = toJsonReport(run(shards.flatMap((s) => s.scenarios), { status: 'error', durationMs: 7100 }), { cwd: CWD });
    expect(merged).toEqual(whole);
    expect(merged.summary).toMatchObject({ files: 5, scenarios: 5, findings: 6, byKind: { corruption: 2, deadlock: 2, starvation: 1, error: 1 } });
  });
});
