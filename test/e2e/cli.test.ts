// The CLI as a CI step: several files, exit codes, colour, shards, config.
import { mkdtempSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './helpers.js';

const FAST = ['--workers', '1', '--tasks', '1', '--rounds', '2', '--ops', '5'];
const F = 'test/fixtures/cli';

function jsonOf(stdout: string) {
  return JSON.parse(stdout) as {
    status: string;
    files: { file: string; status: string; scenarios: { name: string; findings: { kind: string; check: string; replay: string }[] }[] }[];
  };
}

describe('exit codes across several files', () => {
  it('0 when every file is clean', async () => {
    const r = await runCli(['run', `${F}/clean-a.ts`, `${F}/clean-b.ts`, ...FAST, '--json']);
    expect(r.code).toBe(0);
    expect(jsonOf(r.stdout).files.map((f) => f.status)).toEqual(['pass', 'pass']);
  });

  it('1 when one file has a finding, and the others still run', async () => {
    const r = await runCli(['run', `${F}/clean-a.ts`, `${F}/always-fails.ts`, `${F}/clean-b.ts`, ...FAST, '--json']);
    expect(r.code).toBe(1);
    const report = jsonOf(r.stdout);
    expect(report.files.map((f) => [path.basename(f.file), f.status])).toEqual([
      ['always-fails.ts', 'fail'], ['clean-a.ts', 'pass'], ['clean-b.ts', 'pass'],
    ]);
    const finding = report.files[0]!.scenarios[0]!.findings[0]!;
    expect(finding).toMatchObject({ kind: 'corruption', check: 'invariant' });
    expect(finding.replay).toMatch(/^npx racecheck run test\/fixtures\/cli\/always-fails\.ts --seed \d+ --round 1 /);
  });

  it('2 when a file cannot load, even if another has a finding', async () => {
    const r = await runCli(['run', `${F}/always-fails.ts`, 'test/fixtures/bad/empty-ops.ts', ...FAST]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/racecheck: test\/fixtures\/bad\/empty-ops\.ts: "ops" is empty/);
    expect(r.stdout).toMatch(/always fails/);
  });

  it('--fail-on leaves other kinds reported but not failing', async () => {
    const gated = await runCli(['run', `${F}/op-throws.ts`, ...FAST, '--fail-on', 'corruption,deadlock', '--json']);
    expect(gated.code).toBe(0);
    expect(jsonOf(gated.stdout).files[0]!.scenarios[0]!.findings[0]).toMatchObject({ kind: 'error', check: 'exception' });
    const all = await runCli(['run', `${F}/op-throws.ts`, ...FAST]);
    expect(all.code).toBe(1);
    expect(all.stdout).toMatch(/RangeError: out of range on purpose/);
  });

  it('a directory and a glob expand to the scenario files', async () => {
    const r = await runCli(['list', `${F}/clean-*.ts`, '--json']);
    expect(r.code).toBe(0);
    const listed = JSON.parse(r.stdout) as { files: { file: string }[] };
    expect(listed.files.map((f) => path.basename(f.file))).toEqual(['clean-a.ts', 'clean-b.ts', 'clean-c.ts']);
  });
});

describe('colour', () => {
  const ESC = '\u001b[';
  it('is off when piped, and with --no-color or NO_COLOR', async () => {
    for (const [args, env] of [[[], {}], [['--no-color'], {}], [['--color'], { NO_COLOR: '' }], [[], { NO_COLOR: '1' }]] as const) {
      const r = await runCli(['run', `${F}/always-fails.ts`, ...FAST, ...args], { env });
      if (args[0] === '--color') expect(r.stdout).toContain(ESC);
      else expect(r.stdout).not.toContain(ESC);
    }
  });
  it('is on with --color or FORCE_COLOR', async () => {
    expect((await runCli(['run', `${F}/always-fails.ts`, ...FAST, '--color'])).stdout).toContain(ESC);
    expect((await runCli(['run', `${F}/always-fails.ts`, ...FAST], { env: { FORCE_COLOR: '1' } })).stdout).toContain(ESC);
  });
});

describe('--shard k/n', () => {
  it('covers every file exactly once across the shards', async () => {
    const files = ['clean-a.ts', 'clean-b.ts', 'clean-c.ts', 'always-fails.ts', 'op-throws.ts'].map((f) => `${F}/${f}`);
    const seen: string[] = [];
    for (const k of [1, 2, 3]) {
      const r = await runCli(['run', ...files, ...FAST, '--shard', `${k}/3`, '--json']);
      const report = jsonOf(r.stdout);
      expect(report.files.length).toBeGreaterThan(0);
      seen.push(...report.files.map((f) => path.basename(f.file)));
    }
    expect(seen.sort()).toEqual(['always-fails.ts', 'clean-a.ts', 'clean-b.ts', 'clean-c.ts', 'op-throws.ts']);
  });
});

describe('racecheck.config.ts', () => {
  it('supplies include and reporters; flags override it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'racecheck-config-'));
    cpSync(path.join(ROOT, F, 'clean-a.ts'), path.join(dir, 'clean-a.ts'));
    cpSync(path.join(ROOT, F, 'always-fails.ts'), path.join(dir, 'always-fails.ts'));
    writeFileSync(path.join(dir, 'racecheck.config.ts'), `
      import { defineConfig } from '${path.join(ROOT, 'dist/index.js')}';
      export default defineConfig({ include: ['clean-a.ts'], rounds: 2, workers: 1, tasks: 1, ops: 5, reporters: ['json'], outputFile: 'out/report.json' });
    `);
    const fromConfig = await runCli(['run'], { cwd: dir });
    expect(fromConfig.code).toBe(0);
    const report = JSON.parse(readFileSync(path.join(dir, 'out/report.json'), 'utf8'));
    expect(report.files.map((f: { file: string }) => f.file)).toEqual(['clean-a.ts']);
    const overridden = await runCli(['run', 'always-fails.ts', '--reporter', 'default'], { cwd: dir });
    expect(overridden.code).toBe(1);
    expect(overridden.stdout).toMatch(/always fails/);
  });

  it('a wrong field is one line naming the file and the field', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'racecheck-config-'));
    writeFileSync(path.join(dir, 'racecheck.config.mjs'), 'export default { workers: "two" };\n');
    const r = await runCli(['run', 'x.ts'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('racecheck: racecheck.config.mjs: "workers" must be an integer from 0 to 1024, got "two"');
  });
});

describe('interrupted (Ctrl-C)', () => {
  // A terminal's Ctrl-C signals the whole process group: the CLI and its run process.
  it.each([['the process group', true], ['the CLI alone', false]] as const)('SIGINT to %s: partial report, exit 130, later files skipped', async (_name, group) => {
    const { spawn } = await import('node:child_process');
    const { BIN } = await import('./helpers.js');
    const child = spawn(process.execPath, [BIN, 'run', `${F}/clean-a.ts`, `${F}/clean-b.ts`, '--duration', '60s', '--workers', '1', '--tasks', '1'], {
      cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: undefined },
    });
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const started = new Promise<void>((resolve) => {
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        stdout += d;
        if (stdout.includes('budget')) resolve();
      });
    });
    await started;
    await new Promise((r) => setTimeout(r, 300));
    if (group) process.kill(-child.pid!, 'SIGINT');
    else child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(code).toBe(130);
    expect(stdout).toMatch(/clean a/);
    expect(stdout).not.toMatch(/clean b/); // the next file never started
    expect(stdout).toMatch(/INTERRUPTED|interrupted/);
  });
});

describe('inside GitHub Actions', () => {
  it('annotations switch on by themselves and the job summary is written', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'racecheck-gha-'));
    const summary = path.join(dir, 'summary.md');
    writeFileSync(summary, '');
    const r = await runCli(['run', `${F}/always-fails.ts`, `${F}/clean-a.ts`, ...FAST], { env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary } });
    expect(r.code).toBe(1);
    const annotations = r.stdout.split('\n').filter((l) => l.startsWith('::'));
    expect(annotations).toHaveLength(1);
    expect(annotations[0]).toMatch(/^::error file=test\/fixtures\/cli\/always-fails\.ts,/);
    expect(annotations[0]).toContain('the invariant is false on purpose');
    const md = readFileSync(summary, 'utf8');
    expect(md).toMatch(/always fails/);
    expect(md).toMatch(/\|/); // a markdown table
    expect(md).toContain('npx racecheck run test/fixtures/cli/always-fails.ts --seed');
  });
});
