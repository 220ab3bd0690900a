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
});
