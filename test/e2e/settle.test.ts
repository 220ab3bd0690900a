// The settle window ends early only when nothing the scenario left can still run
// (engine/settle.ts): every late error the full window caught must still be caught,
// and blamed on the scenario that left it. Each fixture leaves its error 50-65 ms
// after the only round, on the main thread or on a worker actor's thread, through a
// source the resource list shows (a timer) or one it cannot (an unref'd timer started
// by a late callback, zlib's thread pool).
import { describe, expect, it } from 'vitest';
import { findingsOf, runJson } from './watch-helpers.js';

const F = 'test/fixtures/settle';

async function lateError(file: string, text: string): Promise<void> {
  const r = await runJson(['run', `${F}/${file}`, '--rounds', '1', '--seed', '1']);
  expect(r.code, r.stderr).toBe(1);
  const f = findingsOf(r).find((x) => x.check === 'uncaught');
  expect(f, JSON.stringify(findingsOf(r))).toBeDefined();
  expect(f!.kind).toBe('error');
  expect(f!.message).toContain(text);
}

describe('late errors still land in the settle window', () => {
  it('a loop timer that throws 50 ms after the round', () => lateError('loop-late-timer.ts', 'late loop timer'), 60_000);
  it('an unhandled rejection 50 ms after the round', () => lateError('loop-late-rejection.ts', 'late unhandled rejection'), 60_000);
  it("an unref'd timer started by a late callback while racecheck is between rounds", () => lateError('loop-late-chain.ts', "late unref'd timer"), 60_000);
  it("a zlib callback (libuv's thread pool, not in the resource list)", () => lateError('loop-late-gzip.ts', 'late gzip callback'), 60_000);

  it("a worker actor's late timer, ref'd or unref'd, and its zlib callback are its scenario's", async () => {
    const r = await runJson(['run', `${F}/worker-late-timer.ts`, '--rounds', '1', '--seed', '1']);
    expect(r.code, r.stderr).toBe(1);
    const [ref, unref, gz] = r.scenarios;
    for (const [s, text] of [[ref, 'late worker timer'], [unref, "late unref'd worker timer"], [gz, 'late worker gzip callback']] as const) {
      const f = s!.findings.find((x) => x.check === 'uncaught');
      expect(f, `${s!.name}: ${JSON.stringify(s!.findings)}`).toBeDefined();
      expect(f!.message).toContain(text);
      expect(f!.actors.map((a) => a.name)).toEqual(['worker#1']);
    }
  }, 60_000);
});
