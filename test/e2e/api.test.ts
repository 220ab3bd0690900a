// The programmatic API, as the README shows it: run() from 'racecheck'.
import { expect, it } from 'vitest';
import { run, type RunResult } from 'racecheck';

it('run() returns a typed result: clean scenario passes', async () => {
  const result: RunResult = await run({ patterns: ['scenarios/counter-fixed.ts'], durationMs: 500, seed: 1, workers: 2, tasks: 2 });
  expect(result.status).toBe('pass');
  expect(result.scenarios).toHaveLength(1);
  expect(result.scenarios[0]!.findings).toEqual([]);
  expect(result.scenarios[0]!.ops).toBeGreaterThan(0);
});

it('run() reports a finding with its replay command, and events as they happen', async () => {
  const events: string[] = [];
  const result = await run({
    patterns: ['scenarios/loop-lost-update-buggy.ts'], seed: 3, durationMs: 5000,
    onEvent: (e) => events.push(e.type),
  });
  expect(result.status).toBe('fail');
  const f = result.scenarios[0]!.findings[0]!;
  expect(f).toMatchObject({ kind: 'corruption', check: 'lost-update' });
  expect(f.replay).toMatch(/--seed 3 --round \d+/);
  expect(events).toContain('start');
  expect(events).toContain('finding');
});
