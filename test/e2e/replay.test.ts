// Replay is the report: the command printed with a loop-only finding, run as
// printed, reproduces the same finding (same round, op, actors, versions).
import { describe, expect, it } from 'vitest';
import { firstFinding as first, runCli } from './helpers.js';

interface JsonFinding {
  kind: string;
  check: string;
  message: string;
  round: number;
  actors: { name: string; op?: string }[];
  transitions?: { actor: string; op: string; from: number; to: number; checksumBefore: number; checksumAfter: number }[];
  replay: string;
}

const firstFinding = (stdout: string) => first<JsonFinding>(stdout);

/** The replay command as printed, minus `npx racecheck`, plus --json. */
function replayArgs(replay: string): string[] {
  const words = replay.split(' ');
  expect(words.slice(0, 3)).toEqual(['npx', 'racecheck', 'run']);
  return [...words.slice(2), '--json'];
}

const same = (f: JsonFinding) => ({ kind: f.kind, check: f.check, message: f.message, round: f.round, actors: f.actors, transitions: f.transitions });

describe('loop-only findings replay exactly', () => {
  it.each([
    ['scenarios/loop-lost-update-buggy.ts', []],
    ['scenarios/loop-overdraft-buggy.ts', ['--tasks', '3']],
    // Code under test that calls Math.random itself: seeded per round, so it replays too.
    ['test/fixtures/replay/math-random.ts', []],
  ] as const)('%s %j', async (file, extra) => {
    const messages = new Set<string>();
    for (const seed of [11, 12, 13]) {
      const first = await runCli(['run', file, '--seed', String(seed), ...extra, '--json']);
      expect(first.code).toBe(1);
      const found = firstFinding(first.stdout);
      expect(found.replay).toContain(`--seed ${seed} --round ${found.round}`);
      const again = await runCli(replayArgs(found.replay));
      expect(again.code).toBe(1);
      expect(same(firstFinding(again.stdout))).toEqual(same(found));
      messages.add(found.message);
    }
    // These messages carry schedule-dependent balances: different seeds, different reports.
    if (!file.includes('lost-update')) expect(messages.size).toBeGreaterThan(1);
  });
});
