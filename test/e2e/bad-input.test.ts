// Bad input: exit code 2 and one line naming the file and the problem, no stack.
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

const FAST = ['--workers', '2', '--tasks', '2', '--duration', '1s'];

const cases: [string, RegExp][] = [
  ['nope.ts', /^racecheck: nope\.ts: file not found$/],
  ['test/fixtures/bad/syntax-error.ts', /^racecheck: test\/fixtures\/bad\/syntax-error\.ts: cannot bundle: test\/fixtures\/bad\/syntax-error\.ts:5:1: Unexpected "\}"$/],
  ['test/fixtures/bad/no-default.ts', /no-default\.ts: no default export/],
  ['test/fixtures/bad/not-a-scenario.ts', /not-a-scenario\.ts: default export is not a scenario: expected an object with name, setup and ops, got number/],
  ['test/fixtures/bad/missing-ops.ts', /missing-ops\.ts: "ops" must be an object mapping op names to functions, got undefined/],
  ['test/fixtures/bad/empty-ops.ts', /empty-ops\.ts: "ops" is empty: expected at least one op/],
  ['test/fixtures/bad/op-not-function.ts', /op-not-function\.ts: ops\.inc must be a function \(view, ctx\) => \.\.\., got number/],
  ['test/fixtures/bad/unknown-op.ts', /unknown-op\.ts: workers\.ops names unknown op "incr" \(ops are: inc\)/],
  ['test/fixtures/bad/setup-throws.ts', /setup-throws\.ts: setup\(\) threw: database unavailable/],
  ['test/fixtures/bad/setup-uncloneable.ts', /setup-uncloneable\.ts: setup\(\) returned a value that cannot be cloned to a worker thread: setup\(\)\.hooks\.onChange is a function/],
  ['test/fixtures/bad/setup-class-instance.ts', /setup-class-instance\.ts: setup\(\) returned a value that cannot be cloned to a worker thread: setup\(\)\.mutex is a Mutex instance: a worker thread gets a plain copy without its methods \(acquire, runExclusive, isLocked\); .*SharedMutex.*attach\(\)/],
  ['test/fixtures/bad/throws-at-import.ts', /throws-at-import\.ts: cannot load: Error: boom at import/],
  ['test/fixtures/bad/missing-package.ts', /missing-package\.ts: cannot bundle: .*Could not resolve "no-such-package-xyz"/],
];

describe('bad scenario files', () => {
  it.each(cases)('%s', async (file, message) => {
    const r = await runCli(['run', file, ...FAST]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(r.stderr).not.toMatch(/^\s+at /m); // no stack
    expect(r.stdout).toBe(''); // no report for a run that never happened
  });
});

describe('bad command lines', () => {
  // One line each (no "(run with --help ...)" after it), naming the flag, the range
  // (src/options.ts) and the value given.
  it.each([
    [['run', 'x.ts', '--workers', 'two'], /^racecheck: --workers: expected an integer from 0 to 1024, got "two"$/],
    [['run', 'x.ts', '--workers', '100000'], /^racecheck: --workers: expected an integer from 0 to 1024, got "100000"$/],
    [['run', 'x.ts', '--workers', '1000'], /^racecheck: --workers 1000 plus --tasks 1000 is 2000 actors, more than the 1024 allowed \(--tasks defaults to --workers/],
    [['run', 'x.ts', '--duration', 'abc'], /^racecheck: --duration: expected a duration from 1ms to 23d \(500ms, 30s, 2m, 1h, 2d; a bare number is milliseconds\), got "abc"$/],
    [['run', 'x.ts', '--duration', '-1s'], /^racecheck: --duration: expected a duration .*, got "-1s"$/],
    [['run', 'x.ts', '--seed', '1e+23'], /^racecheck: --seed: expected an integer from 0 to 2\^53-1 \(9007199254740991\), got "1e\+23"$/],
    [['run', 'x.ts', '--seed', '9007199254740992'], /^racecheck: --seed: expected an integer from 0 to 2\^53-1/],
    [['run', 'x.ts', '--round', '1000000001', '--seed', '1'], /^racecheck: --round: expected an integer from 1 to 1000000000, got "1000000001"$/],
    [['run', 'x.ts', '--bogus'], /^racecheck: error: unknown option '--bogus'$/],
    [['run', 'x.ts', '--jsn'], /^racecheck: error: unknown option '--jsn' \(Did you mean --json\?\)$/],
    [['run', 'x.ts', '--reporter', 'tap'], /^racecheck: --reporter: expected reporter names from default, verbose, json, junit, github-actions, got "tap"$/],
    [['run', 'x.ts', '--shard', '4/3'], /^racecheck: --shard: expected k\/n with 1 <= k <= n <= 100000 \(e\.g\. 2\/4\), got "4\/3"$/],
    [['run', 'x.ts', '--shard', '1/99999999999'], /^racecheck: --shard: expected k\/n .*, got "1\/99999999999"$/],
    [['run', 'x.ts', '--fail-on', 'races'], /^racecheck: --fail-on: expected finding kinds from corruption, deadlock, starvation, error, got "races"$/],
    [['run', 'x.ts', '--round', '3'], /^racecheck: --round replays one round of a run: give the run's --seed too$/],
    [['frobnicate'], /^racecheck: error: unknown command 'frobnicate'$/],
  ])('%j', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr.endsWith('\n')).toBe(true);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr.trimEnd()).toMatch(message);
  });

  it('--help and --version exit 0', async () => {
    const help = await runCli(['run', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Examples:/);
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
