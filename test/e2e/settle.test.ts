// The settle window ends early only when nothing the scenario left can still run
// (engine/settle.ts): every late error the full window caught must still be caught,
// and blamed on the scenario that left it. Each fixture scenario leaves its error
// 50-65 ms after the only round, on the main thread or on a worker actor's thread,
// through a source the resource list shows (a timer) or one it cannot (an unref'd timer
// started by a late callback, zlib's thread pool). Several scenarios share a file, so
// each error must also land in its own scenario, not the next one.
import { describe, expect, it } from 'vitest';
import { runJson } from './watch-helpers.js';

const F = 'test/fixtures/settle';

async function lateErrors(file: string, expected: string[]): Promise<void> {
  const r = await runJson(['run', `${F}/${file}`, '--rounds', '1', '--seed', '1']);
  expect(r.code, r.stderr).toBe(1);
  expect(r.scenarios).toHaveLength(expected.length);
  for (const [i, text] of expected.entries()) {
    const s = r.scenarios[i]!;
    const f = s.findings.find((x) => x.check === 'uncaught');
    expect(f, `${s.name}: ${JSON.stringify(s.findings)}`).toBeDefined();
    expect(f!.kind).toBe('error');
    expect(f!.message).toContain(text);
    expect(s.findings.filter((x) => x.check === 'uncaught'), s.name).toHaveLength(1);
  }
}

describe('late errors still land in the settle window', () => {
  it("loop tasks: a timer, a rejection, an unref'd timer started late, a zlib callback", () =>
    lateErrors('loop-late.ts', ['late loop timer', 'late unhandled rejection', "late unref'd timer", 'late gzip callback']), 60_000);

  it("a worker actor's late timer, ref'd or unref'd, is its scenario's", async () => {
    await lateErrors('worker-late-timer.ts', ['late worker timer', "late unref'd worker timer"]);
    const r = await runJson(['run', `${F}/worker-late-timer.ts`, '--rounds', '1', '--seed', '1', '--scenario', 'settle: a late worker timer']);
    expect(r.scenarios[0]!.findings.find((x) => x.check === 'uncaught')!.actors.map((a) => a.name)).toEqual(['worker#1']);
  }, 60_000);

  it("a worker actor's late zlib callback", () => lateErrors('worker-late-gzip.ts', ['late worker gzip callback']), 60_000);
});
