// Shrinking keeps a finding's kind, and its check where it can: a corruption the
// original round showed to an assertion may shrink to a round that shows it to
// the invariant only (src/engine/shrink.ts relatedFinding). The report says so,
// and the replay gives the shrunk round's finding.
import { describe, expect, it } from 'vitest';
import { errorsOf, validateClosed } from '../schema.js';
import { runCli } from './helpers.js';

interface JsonFinding {
  kind: string;
  check: string;
  message: string;
  replay: string;
  shrunk?: { from: { workers: number; tasks: number; ops: number }; to: { workers: number; tasks: number; ops: number }; runs: number; original?: { check: string; message: string } };
}
const findingsOf = (stdout: string) => (JSON.parse(stdout) as { files: { scenarios: { findings: JsonFinding[] }[] }[] }).files[0]!.scenarios[0]!.findings;

describe('shrinking through another check', () => {
  it.each([1, 2, 3])('seed %i: an assertion of 8 tasks shrinks to the invariant of fewer, and says so', async (seed) => {
    const run = await runCli(['run', 'test/fixtures/shrink/other-check.ts', '--seed', String(seed), '--tasks', '8', '--ops', '1', '--scheduler', 'mix', '--json'], { timeoutMs: 60_000 });
    expect(run.code, run.stderr).toBe(1);
    // The report, shrunk.original included, is what the published schema says.
    expect(errorsOf(validateClosed, JSON.parse(run.stdout))).toEqual([]);
    const [f] = findingsOf(run.stdout);
    expect(f).toMatchObject({ kind: 'corruption', check: 'invariant' });
    expect(f!.shrunk?.from).toMatchObject({ workers: 0, tasks: 8, ops: 1 });
    expect(f!.shrunk!.to.tasks).toBeLessThan(6);
    expect(f!.shrunk!.original).toEqual({ check: 'assertion', message: expect.stringMatching(/pokes in flight/) });
    // The replay runs the shrunk round and gives its finding.
    const args = f!.replay.replace(/^npx racecheck /, '').split(' ');
    const replay = await runCli([...args, '--json'], { timeoutMs: 60_000 });
    expect(replay.code, replay.stderr).toBe(1);
    const [g] = findingsOf(replay.stdout);
    expect(g).toMatchObject({ kind: 'corruption', check: 'invariant', message: f!.message });
  }, 150_000);

  it('the text report names the original check', async () => {
    const run = await runCli(['run', 'test/fixtures/shrink/other-check.ts', '--seed', '1', '--tasks', '8', '--ops', '1', '--scheduler', 'mix', '--no-color'], { timeoutMs: 60_000 });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/shrunk from 8 tasks x 1 op to \d tasks? x \d+ ops?/);
    expect(run.stdout).toMatch(/the original round saw it through another check \(assertion\): assertion failed: \d pokes in flight/);
  }, 150_000);
});
