// The ledger on the loop: an async transition body without an await is
// exclusive (no false lost update); with an await between read and write it is not.
import { readFileSync } from 'node:fs';
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

type Found = { kind: string; check: string; message: string; details: string[] };
const fullFindingsOf = (stdout: string) =>
  (JSON.parse(stdout) as { files: { scenarios: { findings: Found[] }[] }[] }).files[0]!.scenarios[0]!.findings;

describe('ledger: lock-free code in ctx.transition', () => {
  it.each([1, 2, 3])('Atomics.add overlapping: still a finding, and it says nothing was lost (seed %i)', async (seed) => {
    const r = await runCli(['run', 'test/fixtures/ledger/atomics-in-transition.ts', '--seed', String(seed), '--duration', '5s', '--workers', '2', '--tasks', '2', '--json']);
    expect(r.code).toBe(1);
    const [f] = fullFindingsOf(r.stdout);
    expect(f).toMatchObject({ kind: 'corruption', check: 'lost-update' });
    expect(f!.message).toMatch(/^overlapping transitions: version \d+ was entered twice, by .*(verify still held after the round|no write was overwritten here)/);
    expect(f!.details.join(' ')).toMatch(/must run exclusively.*lock-free.*verify or invariant.*ctx\.section/);
  });

  it.each([1, 2, 3])('a plain read, await, write: a lost update with no lock-free hint (seed %i)', async (seed) => {
    const r = await runCli(['run', 'test/fixtures/ledger/plain-counter-in-transition.ts', '--seed', String(seed), '--duration', '5s', '--workers', '2', '--tasks', '2', '--json']);
    expect(r.code).toBe(1);
    const [f] = fullFindingsOf(r.stdout);
    expect(f).toMatchObject({ kind: 'corruption', check: 'lost-update' });
    expect(f!.message).toMatch(/^lost update: .*one write-back overwrote the other/);
    expect(f!.details).toEqual([]);
  });
});

describe('ledger: the location of a transition', () => {
  const FILE = 'test/fixtures/ledger/two-scenarios-one-name.ts';
  const lineOf = (marker: string) => readFileSync(FILE, 'utf8').split('\n').findIndex((l) => l.includes(marker)) + 1;

  it("points each scenario's finding at its own ctx.transition when two share the transition's name", async () => {
    const r = await runCli(['run', FILE, '--seed', '1', '--duration', '5s', '--json']);
    expect(r.code).toBe(1);
    const scenarios = (JSON.parse(r.stdout) as { files: { scenarios: { name: string; findings: { check: string; location?: { file: string; line: number } }[] }[] }[] }).files[0]!.scenarios;
    const where = Object.fromEntries(scenarios.map((s) => [s.name, s.findings[0]]));
    expect(where.first).toMatchObject({ check: 'lost-update', location: { file: FILE, line: lineOf("first scenario's transition") } });
    expect(where.second).toMatchObject({ check: 'lost-update', location: { file: FILE, line: lineOf("second scenario's transition") } });
  });
});
