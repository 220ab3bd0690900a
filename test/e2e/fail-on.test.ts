// --fail-on through bin/racecheck: an ignored finding is reported by every reporter
// as ignored, consistently with exit 0; without --fail-on the same finding fails.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorsOf, validateClosed } from '../schema.js';
import { runCli, type CliRun } from './helpers.js';

// counter-buggy loses an update in its first rounds. Bail stops at the first finding
// that fails; with --fail-on deadlock none does, so --rounds bounds the run.
const ARGS = ['run', 'scenarios/counter-buggy.ts', '--seed', '7', '--duration', '10s', '--rounds', '3', '--no-color'];

interface Outputs {
  run: CliRun;
  json: { status: string; summary: { findings: number; ignored: number }; files: { scenarios: { status: string; findings: { kind: string; ignored: boolean }[] }[] }[] };
  xml: string;
  summary: string;
  annotations: string[];
  text: string;
}

async function everyReporter(extra: string[]): Promise<Outputs> {
  const dir = mkdtempSync(path.join(tmpdir(), 'racecheck-fail-on-'));
  const summaryFile = path.join(dir, 'summary.md');
  const run = await runCli([
    ...ARGS, ...extra,
    '--reporter', 'default', '--reporter', 'json', '--reporter', 'junit', '--reporter', 'github-actions',
    '--output-file.json', path.join(dir, 'r.json'), '--output-file.junit', path.join(dir, 'r.xml'),
  ], { env: { GITHUB_STEP_SUMMARY: summaryFile } });
  const lines = run.stdout.split('\n');
  return {
    run,
    json: JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8')),
    xml: readFileSync(path.join(dir, 'r.xml'), 'utf8'),
    summary: readFileSync(summaryFile, 'utf8'),
    annotations: lines.filter((l) => l.startsWith('::')),
    text: lines.filter((l) => !l.startsWith('::')).join('\n'),
  };
}

describe('--fail-on deadlock and a corruption finding', () => {
  it('exit 0, and no reporter says the run failed', async () => {
    const o = await everyReporter(['--fail-on', 'deadlock']);
    expect(o.run.stderr).toBe('');
    expect(o.run.code).toBe(0);
    // The finding is there (else this test would prove nothing), and ignored.
    const findings = o.json.files.flatMap((f) => f.scenarios.flatMap((s) => s.findings));
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.kind === 'corruption' && f.ignored)).toBe(true);
    expect(o.json.status).toBe('pass');
    expect(o.json.summary.ignored).toBe(findings.length);
    expect(errorsOf(validateClosed, o.json)).toEqual([]);

    expect(o.text).not.toMatch(/\bFAIL\b/); // (a controlled trace may show the step that "FAILED:")
    expect(o.text).toMatch(/^\[CORRUPTION\] lost-update \(round \d+\) ignored by --fail-on$/m);
    expect(o.text).toMatch(new RegExp(`^PASS +scenarios/counter-buggy\\.ts +${findings.length} findings? ignored by --fail-on: ${findings.length} corruptions?$`, 'm'));
    expect(o.text).toMatch(/^Files +1 passed \(1\)$/m);
    expect(o.text).toMatch(/^Status +PASS$/m);

    expect(o.xml).toMatch(/<testsuites [^>]*failures="0" errors="0"/);
    expect(o.xml).not.toContain('<failure');
    expect(o.xml).toContain('ignored by --fail-on');

    expect(o.annotations.length).toBeGreaterThan(0);
    expect(o.annotations.filter((a) => a.startsWith('::error'))).toEqual([]);
    expect(o.annotations[0]).toMatch(/^::warning file=scenarios\/counter-buggy\.ts,.*title=racecheck corruption \(lost-update\) ignored by --fail-on%3A /);

    expect(o.summary).toMatch(/^## racecheck: :white_check_mark: PASS$/m);
    expect(o.summary).not.toContain(':x:');
    expect(o.summary).toContain('(ignored by --fail-on)');
  });

  it('without --fail-on the same run fails (exit 1) in every reporter', async () => {
    const o = await everyReporter([]);
    expect(o.run.code).toBe(1);
    expect(o.json.status).toBe('fail');
    expect(o.json.files[0]!.scenarios[0]!.findings.every((f) => !f.ignored)).toBe(true);
    expect(o.text).toMatch(/^FAIL +scenarios\/counter-buggy\.ts +1 finding: 1 corruption$/m);
    expect(o.text).toMatch(/^Status +FAIL$/m);
    expect(o.text).not.toContain('ignored');
    expect(o.xml).toMatch(/<testsuites [^>]*failures="1"/);
    expect(o.xml).toContain('<failure ');
    expect(o.annotations[0]).toMatch(/^::error file=scenarios\/counter-buggy\.ts,/);
    expect(o.summary).toMatch(/^## racecheck: :x: FAIL$/m);
  });
});

describe('--fail-on and bail', () => {
  const FIXTURE = ['run', 'test/fixtures/cli/error-then-corruption.ts', '--tasks', '1', '--ops', '1', '--rounds', '3', '--json'];
  type Report = { status: string; files: { scenarios: { findings: { kind: string; round: number; ignored: boolean }[] }[] }[] };
  const findingsOf = (r: CliRun) => (JSON.parse(r.stdout) as Report).files[0]!.scenarios[0]!.findings.map((f) => `${f.kind}@${f.round}${f.ignored ? ' ignored' : ''}`);

  it('a finding --fail-on ignores does not stop the run: the corruption after it is found and fails', async () => {
    const r = await runCli([...FIXTURE, '--fail-on', 'corruption']);
    expect(findingsOf(r)).toEqual(['error@1 ignored', 'corruption@2']);
    expect(r.code).toBe(1);
  });

  it('without --fail-on the first finding stops the run (bail)', async () => {
    const r = await runCli(FIXTURE);
    expect(findingsOf(r)).toEqual(['error@1']);
    expect(r.code).toBe(1);
  });
});
