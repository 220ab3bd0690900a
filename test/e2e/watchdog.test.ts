// The watchdog thread's reports through the real CLI: every stuck actor named, with
// its op, label and a JS stack line inside the scenario file; lock cycles, loop-only
// deadlocks, starvation and livelock recognised. Timing assertions are generous upper
// bounds: this proves "reported, and soon", not a benchmark.
import { describe, expect, it } from 'vitest';
import { findingsOf, runJson, stackLines, type JsonFinding } from './watch-helpers.js';

const inFile = (file: string) => (f: JsonFinding) => stackLines(f).some((l) => l.includes(file + ':'));

describe('deadlock reports', () => {
  it('prints the wait-for cycle of SharedMutex holders, with stacks in the scenario file', async () => {
    const r = await runJson(['run', 'scenarios/lock-order-buggy.ts', '--seed', '1', '--duration', '10s']);
    expect(r.code, r.stderr).toBe(1);
    const f = findingsOf(r).find((x) => x.check === 'wait-cycle');
    expect(f, JSON.stringify(findingsOf(r), null, 1)).toBeDefined();
    expect(f!.kind).toBe('deadlock');
    expect(f!.message).toMatch(/^wait-for cycle: \S+#\d+ holds "account \d", waits for "account \d"; \S+#\d+ holds "account \d", waits for "account \d"$/);
    expect(f!.actors.length).toBeGreaterThanOrEqual(2);
    for (const a of f!.actors) expect(a).toMatchObject({ op: 'transfer', label: 'holding the source account' });
    // Worker or loop task alike: where it waits, in the scenario file.
    for (const a of f!.actors) expect(a.stack, JSON.stringify(a)).toContain('lock-order-buggy.ts:');
    expect(f!.location?.file).toBe('scenarios/lock-order-buggy.ts');
    // A cycle is reported as soon as it is confirmed: the check is 'wait-cycle', not the
    // deadlock timeout's 'deadlock' (no time bound: timings are the bench's business).
  });

  it('reports workers blocked forever after the deadlock timeout, each with its stack and label', async () => {
    const r = await runJson(['run', 'test/fixtures/hang/worker-wait.ts', '--seed', '1', '--duration', '3s', '--deadlock-timeout', '1s']);
    expect(r.code, r.stderr).toBe(1);
    const f = findingsOf(r).find((x) => x.kind === 'deadlock' && x.check === 'deadlock');
    expect(f, JSON.stringify(findingsOf(r), null, 1)).toBeDefined();
    expect(f!.message).toContain('no actor completed an op for');
    expect(f!.actors.map((a) => a.name).sort()).toEqual(['worker#1', 'worker#2']);
    for (const a of f!.actors) {
      expect(a).toMatchObject({ kind: 'worker', op: 'step', label: 'waiting for a notify that never comes' });
      expect(a.stuckMs).toBeGreaterThanOrEqual(900);
      expect(a.stack).toContain('worker-wait.ts:14:');
    }
    // No time bound: that it is the deadlock timeout's verdict (the message above), not
    // the budget's overrun, says it fired before the budget ended.
  });

  it('reports a loop-only async deadlock as soon as nothing can wake the tasks, without waiting for the timeout', async () => {
    const r = await runJson(['run', 'scenarios/promise-queue-lock-buggy.ts', '--seed', '2', '--duration', '10s', '--deadlock-timeout', '30s']);
    expect(r.code, r.stderr).toBe(1);
    const f = findingsOf(r)[0]!;
    expect(f).toMatchObject({ kind: 'deadlock', check: 'deadlock' });
    expect(f.message).toContain('nothing can wake them');
    expect(f.actors.every((a) => a.kind === 'task' && a.label === 'waiting for the queue lock')).toBe(true);
    expect(inFile('promise-queue-lock-buggy.ts')(f)).toBe(true);
    // Before the 30 s deadlock timeout could have fired, by the scenario's own clock
    // (the message above says which check it was; this says it did not wait).
    for (const s of r.scenarios as unknown as { durationMs: number; startupMs?: number }[]) expect(s.durationMs - (s.startupMs ?? 0)).toBeLessThan(30_000);
  });
});

describe('starvation reports', () => {
  it('reports the main loop blocked by a lock taken on the main thread, with the blocking line', async () => {
    const r = await runJson(['run', 'scenarios/main-blocking-lock-buggy.ts', '--seed', '1', '--duration', '10s']);
    expect(r.code, r.stderr).toBe(1);
    const f = findingsOf(r).find((x) => x.check === 'loop-blocked');
    expect(f, JSON.stringify(findingsOf(r), null, 1)).toBeDefined();
    expect(f!.kind).toBe('starvation');
    expect(f!.message).toMatch(/blocked for \d+ ms \(threshold 200 ms\)/);
    expect(f!.stack).toContain('main-blocking-lock-buggy.ts:');
    expect(f!.details.join('\n')).toContain('lock "journal": held by worker#');
  });

  it('honours --starvation-threshold', async () => {
    const r = await runJson(['run', 'scenarios/main-blocking-lock-buggy.ts', '--seed', '1', '--duration', '2s', '--starvation-threshold', '1s']);
    expect(findingsOf(r).filter((x) => x.check === 'loop-blocked')).toEqual([]);
  });

  it('reports a writer starved by readers, with its stack', async () => {
    const r = await runJson(['run', 'scenarios/rwlock-starve-buggy.ts', '--seed', '1', '--duration', '10s']);
    expect(r.code, r.stderr).toBe(1);
    const f = findingsOf(r).find((x) => x.check === 'unfair');
    expect(f, JSON.stringify(findingsOf(r), null, 1)).toBeDefined();
    // The window is 1 s, stretched by the watchdog's own lateness on a loaded machine.
    expect(f!.message).toMatch(/^starvation: worker#\d(, worker#\d)* completed no op for \d+\.\d s while \d+ other actors? completed \d+ ops/);
    expect(f!.actors[0]).toMatchObject({ op: 'write', label: 'waiting for the write lock' });
    expect(f!.actors[0]!.stack).toContain('rwlock-starve-buggy.ts:');
  });

  it('reports a livelock: actors busy retrying, nobody completing', async () => {
    const r = await runJson(['run', 'test/fixtures/hang/livelock.ts', '--seed', '1', '--duration', '5s']);
    expect(r.code, r.stderr).toBe(1);
    const f = findingsOf(r)[0]!;
    expect(f).toMatchObject({ kind: 'starvation', check: 'livelock' });
    expect(f.actors.map((a) => a.name).sort()).toEqual(['worker#1', 'worker#2']);
    expect(inFile('livelock.ts')(f)).toBe(true);
  });
});

describe('without the watchdog thread (RACECHECK_NO_WATCHDOG=1)', () => {
  it('still ends a deadlocked round by the plain timeout', async () => {
    const { runCli } = await import('./helpers.js');
    const run = await runCli(['run', 'test/fixtures/hang/worker-wait.ts', '--seed', '1', '--duration', '3s', '--deadlock-timeout', '1s', '--reporter', 'json'], {
      env: { RACECHECK_NO_WATCHDOG: '1' },
    });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toContain('"check": "deadlock"');
  });
});
