// What a CI step prints: with only machine reporters, a short human summary on stderr
// and where each report went; files the --scenario filter skipped, in every report.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorsOf, validateClosed } from '../schema.js';
import { ROOT, runCli } from './helpers.js';

const FAST = ['--workers', '1', '--tasks', '1', '--rounds', '2', '--ops', '5'];
const F = 'test/fixtures/cli';
const tmp = () => mkdtempSync(path.join(tmpdir(), 'racecheck-ci-'));

describe('only machine reporters', () => {
  it('--reporter junit --output-file: stdout stays empty, stderr has the verdict and the report path', async () => {
    const out = path.join(tmp(), 'rc.xml');
    const r = await runCli(['run', `${F}/clean-a.ts`, `${F}/always-fails.ts`, ...FAST, '--reporter', 'junit', '--output-file', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^FAIL +test\/fixtures\/cli\/always-fails\.ts +1 finding: 1 corruption$/m);
    expect(r.stderr).toMatch(/^PASS +test\/fixtures\/cli\/clean-a\.ts +2 rounds$/m);
    expect(r.stderr).toMatch(/^Files +1 failed \| 1 passed \(2\)$/m);
    expect(r.stderr).toMatch(/^Status +FAIL$/m);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe(`Reports   junit ${out}`);
    expect(readFileSync(out, 'utf8')).toContain('<failure ');
  });

  it('--json on stdout: that is the output, nothing more (for `| jq`)', async () => {
    const r = await runCli(['run', `${F}/clean-a.ts`, ...FAST, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).status).toBe('pass');
    expect(r.stderr).toBe('');
  });

  it('--reporter github-actions alone: annotations on stdout, the summary on stderr', async () => {
    const r = await runCli(['run', `${F}/always-fails.ts`, ...FAST, '--reporter', 'github-actions']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::error file=test\/fixtures\/cli\/always-fails\.ts/);
    expect(r.stderr).toMatch(/^Status +FAIL$/m);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe('Reports   github-actions stdout');
  });

  it('with a human reporter too, the summary says where the file reports went', async () => {
    const out = path.join(tmp(), 'r.json');
    const r = await runCli(['run', `${F}/clean-a.ts`, ...FAST, '--reporter', 'default', '--reporter', 'json', '--output-file.json', out]);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(`Reports   json ${out}`);
    expect(r.stdout).not.toMatch(/^replay:/m); // a passing run has nothing to replay
  });
});

describe('files the --scenario filter skipped', () => {
  it('are in the JSON, the JUnit report and the job summary', async () => {
    const dir = tmp();
    const r = await runCli([
      'run', '--scenario', 'SAB counter', '--workers', '1', '--tasks', '1', '--duration', '300ms',
      '--reporter', 'json', '--reporter', 'junit', '--reporter', 'github-actions',
      '--output-file.json', path.join(dir, 'r.json'), '--output-file.junit', path.join(dir, 'r.xml'),
    ], { cwd: path.join(ROOT, 'test/fixtures/filter'), env: { GITHUB_STEP_SUMMARY: path.join(dir, 'summary.md') } });
    expect(r.code).toBe(0);
    const json = JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8'));
    expect(errorsOf(validateClosed, json)).toEqual([]);
    expect(json.skipped).toEqual([{ file: 'scenarios/cache.ts', scenarios: ['map cache'] }]);
    expect(json.summary.skipped).toBe(1);
    const xml = readFileSync(path.join(dir, 'r.xml'), 'utf8');
    expect(xml).toMatch(/<testsuites [^>]*tests="3" failures="0" errors="0" skipped="1"/);
    expect(xml).toContain('<testcase classname="scenarios/cache.ts" name="map cache" time="0.000">\n      <skipped message="no scenario of the file matches the --scenario filter"/>');
    expect(readFileSync(path.join(dir, 'summary.md'), 'utf8')).toContain('Skipped (no scenario matches the --scenario filter): `scenarios/cache.ts`.');
    expect(r.stderr).toMatch(/^SKIP +scenarios\/cache\.ts +no scenario matches the --scenario filter$/m);
    expect(r.stderr).toMatch(/^Files +1 passed \| 1 skipped \(2\)$/m);
  });
});
