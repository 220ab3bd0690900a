// Seeds through the real CLI: a far round replays at once (round seeds are derived in
// constant time), a replay token of another replay format is refused in one line, and
// default lock names come from creation order, so report text replays too.
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';
import { OTHER_FORMAT_HINT } from '../../src/sched/schedule.js';

describe('seeds', () => {
  it('--round 500000000 runs that round at once and prints it in the replay line', async () => {
    // Replay format 1 walked 500 million seedrandom draws here: a false "deadlock in
    // racecheck itself" and a replay printed as --round 0 (issue 9). Loop tasks under
    // mix: the round replays exactly, so the finding is the same on every run.
    const args = ['run', 'scenarios/counter-buggy.ts', '--seed', '5', '--round', '500000000', '--schedule', 'v2:mix', '--workers', '0', '--tasks', '8', '--duration', '2s'];
    const first = await runCli([...args, '--json']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(1);
    const report = JSON.parse(first.stdout) as { files: { scenarios: { findings: { kind: string; check: string; round: number; roundSeed: number; replay: string }[] }[] }[] };
    const found = report.files[0]!.scenarios[0]!.findings[0]!;
    expect(found).toMatchObject({ kind: 'corruption', check: 'lost-update', round: 500_000_000 });
    expect(found.roundSeed).toBe(1940662433); // the golden value (test/unit/sched/golden.test.ts)
    expect(found.replay).toMatch(/^npx racecheck run scenarios\/counter-buggy\.ts --seed 5 --round 500000000 .*--schedule v2:mix$/);
    // The printed command, run as printed (text reporter), prints itself again.
    const again = await runCli(found.replay.split(' ').slice(2));
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('budget  round 500000000 only (replay)');
    expect(again.stdout).toContain('[CORRUPTION] lost-update (round 500000000)');
    expect(again.stdout).not.toContain('DEADLOCK');
    expect(again.stdout).toContain(`\nreplay: ${found.replay}\n`);
  }, 60_000);

  it('refuses a schedule token of replay format 1 in one line, exit 2', async () => {
    const r = await runCli(['run', 'scenarios/counter-buggy.ts', '--seed', '5', '--round', '3', '--schedule', 'pct:3:400']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(`racecheck: --schedule: expected a replay format 2 token: v2:mix, v2:random or v2:pct:DEPTH:STEPS (e.g. v2:pct:3:400), got "pct:3:400", a replay of format 1 (${OTHER_FORMAT_HINT})`);
  });

  it('names unnamed locks mutex-1, mutex-2 in every round, and the replay names them alike', async () => {
    const first = await runCli(['run', 'test/fixtures/replay/unnamed-locks.ts', '--seed', '3', '--tasks', '4', '--duration', '10s', '--json']);
    expect(first.code).toBe(1);
    const finding = (out: string) => {
      const report = JSON.parse(out) as { files: { scenarios: { findings: { kind: string; round: number; message: string; actors: unknown[]; details?: unknown; replay: string }[] }[] }[] };
      return report.files[0]!.scenarios[0]!.findings[0]!;
    };
    const found = finding(first.stdout);
    expect(found.kind).toBe('deadlock');
    // What the report says about the locks: actor notes and the lock table.
    const text = JSON.stringify([found.actors, found.details]);
    const names = [...new Set(text.match(/mutex-\d+/g))].sort();
    expect(names).toEqual(['mutex-1', 'mutex-2']);
    const again = await runCli([...found.replay.split(' ').slice(2), '--json']);
    expect(again.code).toBe(1);
    const replayed = finding(again.stdout);
    expect(replayed.round).toBe(found.round);
    expect([...new Set(JSON.stringify([replayed.actors, replayed.details]).match(/mutex-\d+/g))].sort()).toEqual(names);
  }, 60_000);
});
