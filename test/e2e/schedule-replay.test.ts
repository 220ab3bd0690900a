// Exact replay by schedule: a finding of each strategy, replayed with the
// command its report prints (--round R --schedule TOKEN), gives the identical
// finding: same ops, actors, versions, checksums, message and interleaving.
import { describe, expect, it } from 'vitest';
import { firstFinding as first, replayArgs, runCli } from './helpers.js';

interface JsonFinding {
  kind: string;
  check: string;
  message: string;
  round: number;
  actors: unknown[];
  transitions: unknown[];
  shrunk?: { from: { tasks: number; ops: number }; to: { workers: number; tasks: number; ops: number }; runs: number };
  schedule?: string;
  trace?: { step: number; actor: string; event: string }[];
  replay: string;
}

const firstFinding = (stdout: string) => first<JsonFinding>(stdout);

// How long a deadlocked actor had been stuck is a timing, not part of the finding's
// identity: its stuckMs, and the time the no-progress message measured ("no actor
// completed an op for 2.1 s"; under load a replay's watchdog looks 0.1 s later).
const untimed = (m: string) => m.replace(/completed an op for [\d.]+ m?s/, 'completed an op for <measured>');
const same = (f: JsonFinding) => ({
  kind: f.kind, check: f.check, message: untimed(f.message), round: f.round, transitions: f.transitions, schedule: f.schedule,
  trace: f.trace?.map((e) => ('message' in e && typeof e.message === 'string' ? { ...e, message: untimed(e.message) } : e)),
  actors: f.actors.map((a) => { const { stuckMs: _, ...rest } = a as { stuckMs?: number }; return rest; }),
});

/** Runs the finding's printed replay `times` times: each must give the identical finding. */
async function expectExactReplays(found: JsonFinding, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    const again = await runCli(replayArgs(found.replay));
    expect(again.code).toBe(1);
    expect(same(firstFinding(again.stdout))).toEqual(same(found));
  }
}

describe('controlled findings replay exactly from their schedule token', () => {
  it.each([
    // Tokens carry the replay format (src/sched/schedule.ts REPLAY_FORMAT).
    ['mix', 'scenarios/config-live-buggy.ts', /^v2:mix$/],
    ['random', 'scenarios/config-live-buggy.ts', /^v2:random$/],
    ['pct', 'scenarios/pool-reaper-buggy.ts', /^v2:pct:\d+:\d+$/],
    ['pct', 'scenarios/loop-lost-update-buggy.ts', /^v2:pct:\d+:\d+$/],
    ['auto', 'scenarios/stale-cache-buggy.ts', /^v2:(mix|random|pct:\d+:\d+)$/],
  ] as const)('--scheduler %s on %s', async (scheduler, file, token) => {
    // --no-shrink: the finding of this strategy itself (shrinking may switch strategy).
    const first = await runCli(['run', file, '--seed', '7', '--scheduler', scheduler, '--tasks', '4', '--duration', '20s', '--no-shrink', '--json']);
    expect(first.code).toBe(1);
    const found = firstFinding(first.stdout);
    expect(found.schedule).toMatch(token);
    expect(found.replay).toContain(`--round ${found.round} `);
    expect(found.replay).toContain(`--schedule ${found.schedule}`);
    if (found.schedule !== 'v2:mix') {
      // A controlled finding carries its interleaving, ending at the failing step.
      expect(found.trace?.length).toBeGreaterThan(0);
      expect(found.trace!.some((e) => e.event === 'fail')).toBe(true);
    }
    await expectExactReplays(found, 2);
  }, 120_000);
});

describe('worker threads under the controlled scheduler', () => {
  // Worker actors park at their yields on the gate (src/shm/gate.ts) and the
  // scheduler releases one actor at a time, thread or loop task: a threaded
  // interleaving replays exactly, trace included.
  it.each([
    ['random', ['--workers', '2', '--tasks', '2']],
    ['pct', ['--workers', '2', '--tasks', '2']],
    ['random', ['--workers', '3', '--tasks', '0']],
  ] as const)('--scheduler %s %j on counter-buggy', async (scheduler, actors) => {
    const first = await runCli(['run', 'scenarios/counter-buggy.ts', '--seed', '5', '--scheduler', scheduler, ...actors, '--duration', '20s', '--no-shrink', '--json']);
    expect(first.code).toBe(1);
    const found = firstFinding(first.stdout);
    expect(found.schedule).toMatch(/^v2:(random|pct:\d+:\d+)$/);
    // The interleaving names worker actors, one actor per scheduling step.
    expect(found.trace!.some((e) => e.actor.startsWith('worker#') && e.event === 'enter')).toBe(true);
    const byStep = new Map<number, Set<string>>();
    for (const e of found.trace!) if (e.actor !== 'main') byStep.set(e.step, (byStep.get(e.step) ?? new Set()).add(e.actor));
    expect([...byStep.values()].filter((s) => s.size > 1)).toEqual([]);
    await expectExactReplays(found, 3);
  }, 120_000);

  // A worker asleep in the scenario's own Atomics.wait, woken by a loop task's notify: the
  // controller waits for the thread to be in its wait (or back at a park) before the next
  // step, so whether a notify lands before the wait or after it is the schedule's, and a
  // long round (16 to 45 ops here) that loses its last wake-up replays exactly.
  it.each(['pct', 'random'] as const)('--scheduler %s on lost-wakeup-buggy (a deadlock of many ops)', async (scheduler) => {
    const tried: string[] = [];
    for (const seed of ['1', '2', '3']) {
      const first = await runCli(['run', 'scenarios/lost-wakeup-buggy.ts', '--seed', seed, '--scheduler', scheduler, '--no-shrink', '--json']);
      expect(first.code).toBe(1);
      const found = firstFinding(first.stdout);
      tried.push(`seed ${seed}: ${found.kind}/${found.check} ${found.replay}`);
      if (!/--ops ([2-9]|\d\d)/.test(found.replay)) continue; // a round of 1 op says less
      expect(found).toMatchObject({ kind: 'deadlock', check: 'deadlock' });
      expect(found.schedule).toMatch(/^v2:(random|pct:\d+:\d+)$/);
      expect(found.trace!.some((e) => e.actor === 'worker#1' && e.event === 'yield')).toBe(true);
      await expectExactReplays(found, 3);
      return;
    }
    throw new Error(`no multi-op finding: ${tried.join('; ')}`);
  }, 180_000);
});

describe('shrinking', () => {
  // loop-overdraft needs the balance to run down: fewer tasks only with more ops each.
  it.each(['scenarios/pool-reaper-buggy.ts', 'scenarios/loop-lost-update-buggy.ts', 'scenarios/cache-double-load-buggy.ts', 'scenarios/loop-overdraft-buggy.ts'])(
    '%s shrinks to at most 3 tasks and its replay reproduces the shrunk round exactly',
    async (file) => {
      // The default shrink box (2 s) can end before a hit on a loaded machine: a box of
      // 10 s, and up to three seeds (the first shrunk one is checked, as strictly).
      let found: JsonFinding | undefined;
      const tried: string[] = [];
      for (const seed of ['3', '4', '5']) {
        const run = await runCli(['run', file, '--seed', seed, '--duration', '20s', '--shrink-time', '10s', '--json']);
        expect(run.code).toBe(1);
        const f = firstFinding(run.stdout);
        tried.push(`seed ${seed}: ${f.kind}/${f.check}, shrunk ${JSON.stringify(f.shrunk)}`);
        if (f.shrunk) {
          found = f;
          break;
        }
      }
      expect(found, tried.join('\n')).toBeDefined();
      if (!found) return;
      expect(found.shrunk!.from.tasks).toBeGreaterThan(found.shrunk!.to.tasks);
      expect(found.shrunk!.to.tasks).toBeLessThanOrEqual(3);
      expect(found.replay).toContain(`--tasks ${found.shrunk!.to.tasks} --ops ${found.shrunk!.to.ops}`);
      const again = await runCli(replayArgs(found.replay));
      expect(again.code).toBe(1);
      const replayed = firstFinding(again.stdout);
      expect(replayed.shrunk).toBeUndefined(); // a replay shows what it replays
      expect(same(replayed)).toEqual(same(found));
    },
    120_000,
  );

  // A worker side that fixes its own opsPerRound (160) beside flag-sized tasks: the
  // candidate's --ops is the tasks' count, and the shrunk threaded round replays exactly.
  // Its candidates run 160 worker steps each under the 2 s box: on a loaded machine the
  // box can end before a hit, so up to three seeds (the first shrunk one is checked).
  it('scenarios/sample-ring-buggy.ts (1 worker at its own 160 ops + 8 tasks) shrinks to at most 3 actors and replays exactly', async () => {
    let found: JsonFinding | undefined;
    const tried: string[] = [];
    for (const seed of ['3', '4', '5']) {
      const run = await runCli(['run', 'scenarios/sample-ring-buggy.ts', '--seed', seed, '--duration', '20s', '--json']);
      expect(run.code).toBe(1);
      const f = firstFinding(run.stdout);
      tried.push(`seed ${seed}: ${f.kind}/${f.check}, shrunk ${JSON.stringify(f.shrunk)}`);
      if (f.shrunk) {
        found = f;
        break;
      }
    }
    expect(found, tried.join('\n')).toBeDefined();
    if (!found) return;
    const to = found.shrunk!.to;
    expect(to.workers).toBe(1);
    expect(to.workers + to.tasks).toBeLessThanOrEqual(3);
    expect(found.replay).toContain(`--workers 1 --tasks ${to.tasks} --ops ${to.ops} --schedule ${found.schedule}`);
    await expectExactReplays(found, 2);
  }, 120_000);
});
