// The ledger on the loop: an async transition body without an await is
// exclusive (no false lost update); with an await between read and write it is not.
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

const findingsOf = (stdout: string) =>
  (JSON.parse(stdout) as { files: { scenarios: { findings: { kind: string; check: string }[] }[] }[] }).files[0]!.scenarios[0]!.findings;

describe('ledger: async transition bodies on the loop', () => {
  it.each([1, 2, 3])('no await inside: clean (seed %i)', async (seed) => {
    const r = await runCli(['run', 'test/fixtures/ledger/async-no-await.ts', '--seed', String(seed), '--duration', '1s', '--json']);
    expect(findingsOf(r.stdout)).toEqual([]);
    expect(r.code).toBe(0);
  });

  it.each([1, 2, 3])('await between read and write: lost update (seed %i)', async (seed) => {
    const r = await runCli(['run', 'test/fixtures/ledger/async-with-await.ts', '--seed', String(seed), '--duration', '5s', '--json']);
    expect(r.code).toBe(1);
    expect(findingsOf(r.stdout)[0]).toMatchObject({ kind: 'corruption', check: 'lost-update' });
  });
});
