// The one status function and the one order of statuses: the run's status (the exit
// code), a file's status in the reporters and a merge of shards agree for every mix.
import { describe, expect, it } from 'vitest';
import type { Finding, Status } from '../../../src/result.js';
import { mergeResults } from '../../../src/report/merge.js';
import { STATUS_ORDER, failsRun, runStatus, scenarioStatus, worstStatus } from '../../../src/report/status.js';
import { groupByFile } from '../../../src/report/tally.js';
import { CWD, passing, run } from './fixtures.js';

const corruption: Finding = { kind: 'corruption', check: 'lost-update', message: 'm', actors: [], round: 1, roundSeed: 1 };

describe('the order of statuses', () => {
  it('is interrupted > error > fail > pass', () => {
    expect(worstStatus(['pass', 'fail'])).toBe('fail');
    expect(worstStatus(['fail', 'error'])).toBe('error');
    expect(worstStatus(['error', 'interrupted', 'fail'])).toBe('interrupted');
    expect(worstStatus([])).toBe('pass');
  });

  it('is the same for the run, a file of the reporters and a merge, for every pair', () => {
    for (const a of STATUS_ORDER) {
      for (const b of STATUS_ORDER) {
        const scenarios = [passing({ status: a, scenario: 'a' }), passing({ status: b, scenario: 'b' })];
        const expected = worstStatus([a, b]);
        expect(runStatus(scenarios, [], false)).toBe(expected);
        expect(groupByFile(run(scenarios), CWD)[0]!.status).toBe(expected);
        expect(mergeResults([run([], { status: a }), run([], { status: b })]).status).toBe(expected);
      }
    }
  });
});

describe('--fail-on', () => {
  it('lets only the kinds it names fail, and a crash always', () => {
    expect(failsRun(corruption, undefined)).toBe(true);
    expect(failsRun(corruption, ['corruption'])).toBe(true);
    expect(failsRun(corruption, ['deadlock'])).toBe(false);
    expect(failsRun({ kind: 'error', check: 'crash' }, ['deadlock'])).toBe(true);
  });
});

describe('scenarioStatus and runStatus', () => {
  const cases: [Parameters<typeof scenarioStatus>[0], Status][] = [
    [{ findings: [], stopped: false }, 'pass'],
    [{ findings: [], stopped: true }, 'interrupted'],
    [{ findings: [corruption], stopped: true }, 'fail'],
    [{ findings: [{ ...corruption, ignored: true }], stopped: false }, 'pass'],
    [{ findings: [{ ...corruption, ignored: true }], stopped: true }, 'interrupted'],
    [{ findings: [corruption], error: 'x', stopped: false }, 'error'],
  ];
  it.each(cases)('%j is %s', (inputs, status) => expect(scenarioStatus(inputs)).toBe(status));

  it('a run error or an abort outranks the scenarios', () => {
    expect(runStatus([passing()], ['bad'], false)).toBe('error');
    expect(runStatus([passing({ status: 'fail' })], [], true)).toBe('interrupted');
    expect(runStatus([], [], false)).toBe('pass');
  });
});
