// Out-of-range and malformed input through bin/racecheck (issue 9): exit 2 and one
// line naming the flag, the range and the value, within a second or so of start-up,
// before any run process imports the scenario (the fixture writes its PID when one
// does), and nothing left running (by PID: test/e2e/hostile-helpers.ts). The values
// at the edge of each range run, and replay exactly.
import { describe, expect, it } from 'vitest';
import { errorLines, findings, hostile, type Run } from './hostile-helpers.js';

const NOTED = 'test/fixtures/hostile/noted.ts';
/** Node start-up and a few module loads on a loaded machine; the checks themselves are instant. */
const REFUSE_MS = 8_000;
/** A short run: duration + deadlock timeout + the supervisor's grace + start-up under load. */
const RUN_MS = 2_000 + 2_000 + 5_000 + 8_000;

function refusedBeforeTheRun(r: Run, message: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.ms).toBeLessThan(REFUSE_MS);
  expect(errorLines(r)).toHaveLength(1);
  expect(errorLines(r)[0]).toMatch(message);
  expect(r.stdout).toBe('');
  expect(r.pids, 'a run process imported the scenario').toEqual([]);
  expect(r.left, 'processes left running').toEqual([]);
  expect(r.bundles).toEqual([]);
}

describe('out-of-range numbers: exit 2, one line with the flag and its range, nothing run', () => {
  it.each([
    [['--shard', '1/99999999999'], /^racecheck: --shard: expected k\/n with 1 <= k <= n <= 100000 \(e\.g\. 2\/4\), got "1\/99999999999"$/],
    [['--duration', '600h'], /^racecheck: --duration: expected a duration from 1ms to 23d \(.*\), got "600h"$/],
    [['--seed', '99999999999999999999999'], /^racecheck: --seed: expected an integer from 0 to 2\^53-1 \(9007199254740991\), got "99999999999999999999999"$/],
    [['--workers', '100000'], /^racecheck: --workers: expected an integer from 0 to 1024, got "100000"$/],
  ])('%j', async (flags, message) => {
    refusedBeforeTheRun(await hostile(['run', NOTED, ...flags]), message);
  }, 30_000);
});

describe('command-line parse errors are one line', () => {
  it.each([
    [['--bogus'], /^racecheck: error: unknown option '--bogus'$/],
    [['--workers'], /^racecheck: error: option '--workers <n>' argument missing$/],
  ])('%j', async (flags, message) => {
    refusedBeforeTheRun(await hostile(['run', NOTED, ...flags]), message);
  }, 30_000);
});

describe('the edges of the ranges run', () => {
  it('--duration 23d with --rounds 2: no timer overflow, no false deadlock, a pass; the run process is gone', async () => {
    const r = await hostile(['run', NOTED, '--duration', '23d', '--rounds', '2', '--seed', '9007199254740991', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.ms).toBeLessThan(RUN_MS);
    expect(errorLines(r)).toEqual([]); // no TimeoutOverflowWarning
    expect(findings(r)).toEqual([]);
    expect(r.pids).toHaveLength(1);
    expect(r.descendants, 'the tree walk saw the run process').toContain(r.pids[0]);
    expect(r.left).toEqual([]);
    expect(r.bundles).toEqual([]);
  }, 60_000);

  it('--round 500000000 with the largest seed: one round at once, its replay carries both exactly', async () => {
    const r = await hostile(['run', 'scenarios/counter-buggy.ts', '--seed', '9007199254740991', '--round', '500000000', '--schedule', 'v2:mix', '--workers', '0', '--tasks', '8', '--duration', '2s', '--deadlock-timeout', '2s', '--json']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.ms).toBeLessThan(RUN_MS);
    expect(errorLines(r)).toEqual([]);
    const [f, ...more] = findings(r);
    expect(more).toEqual([]);
    expect(f).toMatchObject({ kind: 'corruption', check: 'lost-update', round: 500_000_000 });
    expect(f!.replay).toMatch(/ --seed 9007199254740991 --round 500000000 /);
    expect(r.descendants.length).toBeGreaterThan(0);
    expect(r.left).toEqual([]);
    expect(r.bundles).toEqual([]);
  }, 60_000);
});

describe('control bytes in a GitHub annotation', () => {
  it('NUL and BEL are \\xNN in one ::error line, never raw', async () => {
    const r = await hostile(['run', 'test/fixtures/cli/control-bytes.ts', '--tasks', '1', '--rounds', '1', '--ops', '1', '--reporter', 'github-actions']);
    expect(r.code).toBe(1);
    expect(r.ms).toBeLessThan(RUN_MS);
    const annotations = r.stdout.split('\n').filter((l) => l.startsWith('::'));
    expect(annotations).toHaveLength(1);
    expect(annotations[0]).toMatch(/^::error .*title=racecheck error \(exception\)%3A control\\x07bytes name::Error: bad\\x00\\x07x/);
    expect(r.stdout + r.stderr).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/);
    // Only a machine reporter: the summary goes to stderr, with no error line of racecheck's own.
    expect(errorLines(r).filter((l) => l.startsWith('racecheck:'))).toEqual([]);
    expect(r.descendants.length).toBeGreaterThan(0);
    expect(r.left).toEqual([]);
    expect(r.bundles).toEqual([]);
  }, 60_000);
});
