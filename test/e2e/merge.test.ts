// `racecheck merge` end to end: shard reports written by renderJson, merged by the
// built CLI (run `npm run build` first). Skipped until the CLI has a merge command.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/result.js';
import { renderJson } from '../../src/report/json.js';
import { fromJsonReport, mergeResults } from '../../src/report/merge.js';
import { CWD, corrupted, deadlocked, errored, everyKind, passing, run } from '../unit/report/fixtures.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(ROOT, 'bin', 'racecheck.js');

function racecheck(args: string[], cwd = ROOT) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  // Inside GitHub Actions the CLI would add annotations to stdout.
  delete env['GITHUB_ACTIONS'];
  delete env['GITHUB_STEP_SUMMARY'];
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('racecheck merge', () => {
  it('has its own help', () => {
    const help = racecheck(['merge', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: racecheck merge');
  });

  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'racecheck-merge-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes a shard report as `racecheck run --reporter json` would have. */
  function shard(name: string, result: RunResult): string {
    writeFileSync(path.join(dir, name), renderJson(result, { cwd: CWD }) + '\n');
    return name;
  }

  /** The report the merge must print: the same functions, in process. */
  function expected(...results: RunResult[]): unknown {
    const back = results.map((r, i) => fromJsonReport(JSON.parse(renderJson(r, { cwd: CWD })), `shard${i}.json`));
    return JSON.parse(renderJson(mergeResults(back), { cwd: dir }));
  }

  const clean = run([passing()], { durationMs: 4000 });
  const clean2 = run([passing({ file: '/repo/scenarios/queue-fixed.ts', scenario: 'queue: with a lock' })], { durationMs: 6500 });
  const buggy = run([corrupted(), deadlocked(), everyKind()], { durationMs: 9000 });

  it('exits 1 when a shard has a finding, and prints one report over every shard', () => {
    const r = racecheck(['merge', shard('a.json', clean), shard('b.json', buggy), '--reporter', 'json'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const merged = JSON.parse(r.stdout);
    expect(merged).toEqual(expected(clean, buggy));
    expect(merged).toMatchObject({
      schemaVersion: 1, status: 'fail', durationMs: 9000,
      summary: { files: 4, scenarios: 4, passed: 1, failed: 3, errors: 0, findings: 6, byKind: { corruption: 2, deadlock: 2, starvation: 1, error: 1 } },
    });
    expect(merged.files.map((f: { file: string }) => f.file)).toEqual([
      'scenarios/counter-fixed.ts', 'scenarios/counter-buggy.ts', 'scenarios/deadlock-buggy.ts', 'scenarios/everything-buggy.ts',
    ]);
    expect(merged.files[3].scenarios[0].findings.map((f: { replay: string }) => f.replay)).toContain(
      'racecheck run scenarios/everything-buggy.ts --seed 1234 --round 7',
    );
  });

  it('exits 0 when every shard passes', () => {
    const r = racecheck(['merge', shard('c.json', clean), shard('d.json', clean2), '--reporter', 'json'], dir);
    expect(r.code).toBe(0);
    const merged = JSON.parse(r.stdout);
    expect(merged).toEqual(expected(clean, clean2));
    expect(merged).toMatchObject({ status: 'pass', durationMs: 6500, summary: { scenarios: 2, passed: 2, findings: 0 } });
  });

  it('exits 2 when a shard could not run a scenario, and 130 when one was interrupted', () => {
    const broken = run([errored()], { status: 'error', errors: [errored().error!] });
    const r = racecheck(['merge', shard('e.json', buggy), shard('f.json', broken), '--reporter', 'json'], dir);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual(expected(buggy, broken));
    const stopped = run([passing({ status: 'interrupted' })], { status: 'interrupted' });
    expect(racecheck(['merge', 'e.json', 'f.json', shard('g.json', stopped), '--reporter', 'json'], dir).code).toBe(130);
  });

  it('exits 2 and names the file when it is not a racecheck report', () => {
    writeFileSync(path.join(dir, 'other.json'), JSON.stringify({ numTotalTests: 3, success: true }));
    writeFileSync(path.join(dir, 'rc.xml'), '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites/>\n');
    const good = shard('h.json', clean);
    for (const bad of ['other.json', 'rc.xml']) {
      const r = racecheck(['merge', good, bad, '--reporter', 'json'], dir);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toContain(`${bad}: not a racecheck JSON report (schemaVersion 1)`);
    }
  });

  it('exits 2 and names a report file that does not exist', () => {
    const r = racecheck(['merge', shard('i.json', clean), 'missing.json', '--reporter', 'json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing.json');
  });
});
