// The watchdog's findings of a controlled round carry the round's schedule token and
// trace (src/engine/scenario-run.ts), and their replay command carries the token: a
// loop-only deadlock replays with the same finding and the same trace.
import { describe, expect, it } from 'vitest';
import { firstFinding as first, replayArgs, runCli } from './helpers.js';

interface JsonFinding {
  kind: string;
  check: string;
  message: string;
  round: number;
  schedule?: string;
  trace?: { step: number; actor: string; event: string; message?: string }[];
  actors: { name: string }[];
  replay: string;
}

const firstFinding = (stdout: string) => first<JsonFinding>(stdout);

function expectAnnotated(f: JsonFinding): void {
  expect(f.schedule, JSON.stringify(f)).toMatch(/^v2:pct:\d+:\d+$/);
  expect(f.replay).toContain(`--round ${f.round} `);
  expect(f.replay).toContain(`--schedule ${f.schedule}`);
  expect(f.trace!.length).toBeGreaterThan(1);
  expect(f.trace!.at(-1)).toMatchObject({ actor: 'main', event: 'fail', message: f.message });
}

describe('watchdog findings of controlled rounds', () => {
  it('a loop-only deadlock: token, trace, and a replay that gives both again', async () => {
    const run = await runCli(['run', 'scenarios/promise-queue-lock-buggy.ts', '--seed', '1', '--scheduler', 'pct', '--no-shrink', '--json']);
    expect(run.code, run.stderr).toBe(1);
    const f = firstFinding(run.stdout);
    expect(f).toMatchObject({ kind: 'deadlock', check: 'deadlock' });
    expectAnnotated(f);
    const again = await runCli(replayArgs(f.replay));
    expect(again.code, again.stderr).toBe(1);
    const r = firstFinding(again.stdout);
    expect({ kind: r.kind, check: r.check, round: r.round, schedule: r.schedule, actors: r.actors.map((a) => a.name), trace: r.trace })
      .toEqual({ kind: f.kind, check: f.check, round: f.round, schedule: f.schedule, actors: f.actors.map((a) => a.name), trace: f.trace });
  }, 120_000);

  it('a blocked loop with worker threads: token and trace', async () => {
    const run = await runCli(['run', 'scenarios/main-blocking-lock-buggy.ts', '--seed', '1', '--scheduler', 'pct', '--no-shrink', '--json']);
    expect(run.code, run.stderr).toBe(1);
    const f = firstFinding(run.stdout);
    expect(f).toMatchObject({ kind: 'starvation', check: 'loop-blocked' });
    expectAnnotated(f);
  }, 120_000);
});
