// The shrink time box ends while a candidate round is still in its ops: under
// --no-bail the candidate starts no other op, ends the ones it is in, and the run
// goes on (src/engine/shrink.ts rerun); it used to end the run there.
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

interface JsonScenario {
  rounds: number;
  findings: { kind: string; check: string; round: number; message: string; shrunk?: unknown }[];
}

describe('shrink time box', () => {
  it('a candidate still running when the box ends does not stop a --no-bail run', async () => {
    const run = await runCli(['run', 'test/fixtures/shrink/slow-candidates.ts', '--seed', '1', '--tasks', '8', '--ops', '1',
      '--no-bail', '--rounds', '2', '--duration', '60s', '--json'], { timeoutMs: 120_000 });
    expect(run.code, run.stderr).toBe(1);
    const s = (JSON.parse(run.stdout) as { files: { scenarios: JsonScenario[] }[] }).files[0]!.scenarios[0]!;
    expect(s.rounds).toBe(2);
    expect(s.findings).toHaveLength(1);
    expect(s.findings[0]).toMatchObject({ kind: 'corruption', check: 'assertion', round: 1 });
    expect(s.findings[0]!.message).toContain('round 1 task#8');
    // No smaller round has a task#8.
    expect(s.findings[0]!.shrunk).toBeUndefined();
  }, 150_000);

  it('--shrink-time sets the box, and the supervisor waits for it past the budget', async () => {
    // No candidate ever fails, so the follow-up spends its whole box: 12 s here, past the
    // supervisor's kill for a 1 s budget without the box (budget + two graces + 5 s = 10 s).
    const run = await runCli(['run', 'test/fixtures/shrink/slow-candidates.ts', '--seed', '1', '--tasks', '8', '--ops', '1',
      '--rounds', '1', '--duration', '1s', '--shrink-time', '12s', '--json'], { timeoutMs: 120_000 });
    expect(run.code, run.stderr).toBe(1);
    const s = (JSON.parse(run.stdout) as { files: { scenarios: (JsonScenario & { settings: { shrinkMs: number } })[] }[] }).files[0]!.scenarios[0]!;
    expect(s.settings.shrinkMs).toBe(12_000);
    // The round's own finding, not a timeout of the run process.
    expect(s.findings.map((f) => `${f.kind}/${f.check}`)).toEqual(['corruption/assertion']);
    expect(s.findings[0]!.message).toContain('round 1 task#8');
    // A lower bound only (load can only lengthen it): the box was 12 s, not the default 2 s.
    expect(run.ms).toBeGreaterThanOrEqual(12_000);
  }, 150_000);
});
