// A run that proves nothing never passes (issue 8 item 5): zero actors, no op completed,
// and a crash of the run process fails the run whatever --fail-on says.
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

const oneLine = (stderr: string) => stderr.trim().split('\n');

describe('a run that tested nothing', () => {
  it('--workers 0 --tasks 0: exit 2, one line naming the file and why', async () => {
    const r = await runCli(['run', 'scenarios/counter-fixed.ts', '--workers', '0', '--tasks', '0', '--duration', '1s']);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/^racecheck: scenarios\/counter-fixed\.ts: scenario ".*" has no actors to run \(0 workers, 0 tasks\)/);
  });

  it('a scenario whose counts are both 0: exit 2, one line', async () => {
    const r = await runCli(['run', 'test/fixtures/bad/zero-actors.ts', '--duration', '1s']);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/zero-actors\.ts: scenario "nobody runs" has no actors to run/);
  });

  it('actors that completed no op: exit 2 with the reason, never PASS', async () => {
    const r = await runCli(['run', 'test/fixtures/bad/no-ops.ts', '--duration', '1s']);
    expect(r.code).toBe(2);
    expect(r.stderr + r.stdout).toMatch(/no-ops\.ts: scenario "nothing to do" completed no op in (1 round|\d+ rounds): the run tested nothing/);
    expect(r.stdout).not.toMatch(/Status\s+PASS/);
  });

  it('--duration 0 is refused in one line', async () => {
    const r = await runCli(['run', 'scenarios/counter-fixed.ts', '--duration', '0']);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/--duration/);
  });
});

describe('--fail-on and a crash', () => {
  it('a crash of the run process fails the run even with --fail-on corruption', async () => {
    const r = await runCli(['run', 'test/fixtures/hang/op-exit.ts', '--duration', '2s', '--fail-on', 'corruption', '--reporter', 'json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as { files: { scenarios: { findings: { kind: string; check: string }[] }[] }[] };
    expect(json.files[0]!.scenarios[0]!.findings).toContainEqual(expect.objectContaining({ kind: 'error', check: 'crash' }));
  });
});

describe('a run uses its budget', () => {
  // Before the fit estimate counted a round's ops, this run stopped after ~14 rounds and
  // 0.2 s of its 3 s: a round sized at 1 op per actor still ran 300 per task.
  it('a side that fixes its opsPerRound does not end the run early', async () => {
    const r = await runCli(['run', 'test/fixtures/budget/side-fixed-ops.ts', '--duration', '3s', '--reporter', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const s = (JSON.parse(r.stdout) as { files: { scenarios: { status: string; durationMs: number; rounds: number }[] }[] }).files[0]!.scenarios[0]!;
    expect(s.status).toBe('pass');
    expect(s.durationMs).toBeGreaterThanOrEqual(2000);
  });

  // One slow first op made every sized round after it look too long to fit: the run
  // ended at round 2 or 3, ~0.7 s into its 3 s. A round that does not fit now runs smaller.
  it('one slow first op does not end the run early: the next rounds run smaller', async () => {
    const r = await runCli(['run', 'test/fixtures/budget/slow-first-op.ts', '--duration', '3s', '--seed', '1', '--reporter', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const s = (JSON.parse(r.stdout) as { files: { scenarios: { status: string; durationMs: number; rounds: number }[] }[] }).files[0]!.scenarios[0]!;
    expect(s.status).toBe('pass');
    expect(s.durationMs).toBeGreaterThanOrEqual(2000);
    expect(s.rounds).toBeGreaterThan(10);
  });
});
