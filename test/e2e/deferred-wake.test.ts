// What may wake a stuck-looking actor is not always on its own thread, nor held by an
// unfinished actor: a finished writer's flush timer (on a worker's thread or on the main
// thread) wakes a worker that waits for the flush. And what racecheck itself holds on
// the main thread (a controlled round's polls of the workers' gate) wakes nobody.
import { describe, expect, it } from 'vitest';
import { findingsOf, runJson } from './watch-helpers.js';

const F = 'test/fixtures/verdicts';
const opsOf = (r: { stdout: string }): number => (JSON.parse(r.stdout) as { files: { scenarios: { ops: number }[] }[] }).files[0]!.scenarios[0]!.ops;

describe('a finished actor\'s pending timer can wake a waiting worker', () => {
  // Both were deadlock/deadlock ('no actor completed an op for 5xx ms'), every seed.
  it.each([
    ["a worker awaits another worker's flush timer", 1], ["a worker awaits another worker's flush timer", 2], ["a worker awaits another worker's flush timer", 3],
    ["a worker blocks in Atomics.wait for a loop task's flush timer", 1], ["a worker blocks in Atomics.wait for a loop task's flush timer", 2],
    ["a worker blocks in Atomics.wait for a loop task's flush timer", 3],
  ])('deferred flush: %s (deadlock timeout 500 ms, seed %i): no deadlock', async (name, seed) => {
    const r = await runJson(['run', `${F}/deferred-flush.ts`, '--scenario', `deferred flush: ${name}`, '--deadlock-timeout', '500ms', '--rounds', '2', '--duration', '60s', '--seed', String(seed)]);
    expect(findingsOf(r)).toEqual([]);
    expect(r.code).toBe(0);
    expect(opsOf(r)).toBe(4);
  }, 60_000);

  it.each([1, 2])('a flush that never notifies is still a deadlock once its timer has fired (seed %i)', async (seed) => {
    const r = await runJson(['run', `${F}/deferred-flush.ts`, '--scenario', 'deferred flush: the flush forgets to notify', '--deadlock-timeout', '500ms', '--seed', String(seed)]);
    expect(r.code).toBe(1);
    const [f] = findingsOf(r);
    expect(f).toMatchObject({ kind: 'deadlock', check: 'deadlock' });
    expect(f!.message).toContain('no actor completed an op');
    expect(f!.actors.map((a) => a.name)).toEqual(['worker#2']);
  }, 60_000);
});

describe("racecheck's own handles are no wake-up source of the scenario's", () => {
  // Was error/overrun ('stuck past the budget'), every seed: the controller's timed
  // Atomics.waitAsync and immediate counted as the scenario's pending callbacks.
  it.each([1, 2, 3])('a worker holds a lock forever under --scheduler random (seed %i): a deadlock, before the budget', async (seed) => {
    const r = await runJson(['run', `${F}/held-forever-controlled.ts`, '--scheduler', 'random', '--duration', '20s', '--seed', String(seed)]);
    expect(r.code).toBe(1);
    const [f] = findingsOf(r);
    expect(f).toMatchObject({ kind: 'deadlock', check: 'deadlock' });
    expect(f!.message).toContain('no actor completed an op');
    expect(f!.actors.map((a) => a.name)).toContain('worker#1');
  }, 60_000);
});
