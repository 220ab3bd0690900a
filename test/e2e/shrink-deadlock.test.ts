// The watchdog's deadlocks shrink: a re-run without the watchdog judges a wait-for
// cycle and loop tasks nothing can wake on the main thread (src/engine/deadlock-judge.ts),
// so the run reports the smallest round it found, and that round's printed replay,
// run by a user with the watchdog, gives the deadlock again.
import { describe, expect, it } from 'vitest';
import { firstFinding as first, replayArgs, runCli } from './helpers.js';

interface JsonFinding {
  kind: string;
  check: string;
  message: string;
  round: number;
  actors: { name: string; stack?: string }[];
  shrunk?: { from: { workers: number; tasks: number; ops: number }; to: { workers: number; tasks: number; ops: number }; runs: number };
  trace?: { step: number; actor: string; event: string; name?: string }[];
  reproduced?: { runs: number; failed: number };
  replay: string;
}

const firstFinding = (stdout: string) => first<JsonFinding>(stdout);

const SEEDS = ['1', '2', '3', '4'];

/** The first seed whose run reports a shrunk finding (shrinking is time-boxed: a loaded machine may run out of box on one). */
async function shrunkFinding(file: string): Promise<{ found: JsonFinding; tried: string[] }> {
  const tried: string[] = [];
  for (const seed of SEEDS) {
    const run = await runCli(['run', file, '--seed', seed, '--json']);
    expect(run.code, run.stderr).toBe(1);
    const f = firstFinding(run.stdout);
    tried.push(`seed ${seed}: ${f.kind}/${f.check}${f.shrunk ? ' shrunk' : ''}`);
    if (!f.shrunk) continue;
    // The scenario's replay line is the shrunk round's too.
    const scenario = (JSON.parse(run.stdout) as { files: { scenarios: { replay: string }[] }[] }).files[0]!.scenarios[0]!;
    expect(scenario.replay).toBe(f.replay);
    return { found: f, tried };
  }
  throw new Error(`no shrunk finding: ${tried.join('; ')}`);
}

describe('watchdog deadlocks shrink to a few loop tasks, and the shrunk replay deadlocks again', () => {
  it('promise-queue-lock-buggy: tasks nothing can wake (deadlock/deadlock)', async () => {
    const { found } = await shrunkFinding('scenarios/promise-queue-lock-buggy.ts');
    expect(found).toMatchObject({ kind: 'deadlock', check: 'deadlock' });
    // Where each stuck task last stood, as the watchdog reports it (its ctx.label call).
    for (const a of found.actors) expect(a.stack, JSON.stringify(a)).toContain('promise-queue-lock-buggy.ts:');
    const to = found.shrunk!.to;
    expect(to.workers + to.tasks).toBeLessThanOrEqual(3);
    expect(to.workers + to.tasks).toBeLessThan(found.shrunk!.from.workers + found.shrunk!.from.tasks);
    expect(found.replay).toContain(`--workers 0 --tasks ${to.tasks} --ops ${to.ops}`);
    expect(found.replay).toContain('--schedule v2:');
    for (let i = 0; i < 3; i++) {
      const again = await runCli(replayArgs(found.replay));
      expect(again.code).toBe(1);
      const replayed = firstFinding(again.stdout);
      expect(replayed.shrunk).toBeUndefined(); // a replay shows what it replays
      expect({ kind: replayed.kind, check: replayed.check, round: replayed.round, actors: replayed.actors.map((a) => a.name) })
        .toEqual({ kind: 'deadlock', check: 'deadlock', round: found.round, actors: found.actors.map((a) => a.name) });
    }
  }, 180_000);

  it('lock-order-buggy: a wait-for cycle (deadlock/wait-cycle), shrunk to at most 3 actors', async () => {
    const { found } = await shrunkFinding('scenarios/lock-order-buggy.ts');
    expect(found).toMatchObject({ kind: 'deadlock', check: 'wait-cycle' });
    for (const a of found.actors) expect(a.stack, JSON.stringify(a)).toContain('lock-order-buggy.ts:');
    const to = found.shrunk!.to;
    // The deadlocked round's threads never come back; a candidate with workers gets new ones.
    expect(to.workers + to.tasks).toBeLessThanOrEqual(3);
    expect(found.shrunk!.from.workers).toBeGreaterThan(0);
    expect(found.replay).toContain(`--workers ${to.workers} --tasks ${to.tasks} --ops ${to.ops}`);
    for (let i = 0; i < 3; i++) {
      const again = await runCli(replayArgs(found.replay));
      expect(again.code).toBe(1);
      const replayed = firstFinding(again.stdout);
      expect(replayed.shrunk).toBeUndefined();
      expect({ kind: replayed.kind, check: replayed.check, round: replayed.round }).toEqual({ kind: 'deadlock', check: 'wait-cycle', round: found.round });
      expect(replayed.actors.map((a) => a.name).sort()).toEqual(found.actors.map((a) => a.name).sort());
    }
  }, 180_000);

  it('lost-wakeup-buggy: a worker asleep that no thread is left to notify, shrunk on new threads, replayed exactly', async () => {
    // Seeds whose finding came from a round of more than 1 op (a mix round of 1 op each is as small as it gets).
    const tried: string[] = [];
    for (const seed of ['3', '4', '5', '6', '7', '8']) {
      const run = await runCli(['run', 'scenarios/lost-wakeup-buggy.ts', '--seed', seed, '--json']);
      expect(run.code, run.stderr).toBe(1);
      const f = firstFinding(run.stdout);
      tried.push(`seed ${seed}: ${f.kind}/${f.check}${f.shrunk ? ' shrunk' : ''}`);
      if (!f.shrunk) continue;
      expect(f).toMatchObject({ kind: 'deadlock', check: 'deadlock', actors: [{ name: 'worker#1' }] });
      // The re-run's own verdict: the worker sleeps, and nothing is left that could notify it.
      expect(f.message).toContain('worker#1 sleeps in Atomics.wait with no timeout');
      expect(f.shrunk.to).toMatchObject({ workers: 1, tasks: 1 });
      expect(f.shrunk.to.ops).toBeLessThan(f.shrunk.from.ops);
      expect(f.replay).toMatch(/--schedule v2:(pct|random)/); // controlled: exact
      for (let i = 0; i < 3; i++) {
        const again = await runCli(replayArgs(f.replay));
        expect(again.code).toBe(1);
        const replayed = firstFinding(again.stdout);
        expect({ kind: replayed.kind, check: replayed.check, round: replayed.round, actors: replayed.actors.map((a) => a.name) })
          .toEqual({ kind: 'deadlock', check: 'deadlock', round: f.round, actors: ['worker#1'] });
        // The trace ends where the worker went to sleep (its wait, sent before it began).
        const last = replayed.trace!.filter((e) => e.actor === 'worker#1').pop();
        expect(last).toMatchObject({ event: 'wait', name: 'Atomics.wait' });
      }
      return;
    }
    throw new Error(`no shrunk finding: ${tried.join('; ')}`);
  }, 240_000);

  it('a deadlocked mix round of worker threads: its reproduction rate, on new threads, judged by each re-run', async () => {
    // Every round of this fixture deadlocks (a worker asleep on a word nobody notifies), and
    // it has nothing to shrink (1 worker x 1 op): each re-run must give the deadlock again.
    const file = 'test/fixtures/verdicts/asleep-forever-worker.ts';
    const tried: string[] = [];
    for (const seed of ['1', '2', '3']) {
      const run = await runCli(['run', file, '--scheduler', 'mix', '--seed', seed, '--json']);
      expect(run.code, run.stderr).toBe(1);
      const f = firstFinding(run.stdout);
      expect(f).toMatchObject({ kind: 'deadlock', check: 'deadlock', actors: [{ name: 'worker#1' }] });
      expect(f.shrunk).toBeUndefined();
      tried.push(`seed ${seed}: ${JSON.stringify(f.reproduced)}`);
      // The 1.5 s box after a terminal deadlock may end before a loaded machine's first re-run does.
      if (!f.reproduced) continue;
      expect(f.reproduced.runs).toBeGreaterThan(0);
      expect(f.reproduced.failed).toBe(f.reproduced.runs);
      const text = await runCli(['run', file, '--scheduler', 'mix', '--seed', seed]);
      expect(text.code).toBe(1);
      expect(text.stdout).toMatch(/reproduced (\d+)\/\1 re-runs of its round/);
      return;
    }
    throw new Error(`no reproduction rate: ${tried.join('; ')}`);
  }, 120_000);
});
