// Math.random during a round: seeded for the scenario's code (setup, ops, checks), so
// a replay of the round sees the same values; restored afterwards, so racecheck's own
// code and the next scenario never run on a stream a round left behind.
import { describe, expect, it } from 'vitest';
import { runRound, type RoundEnv } from '../../../src/engine/round.js';
import { planActors } from '../../../src/engine/plan.js';
import { settingsOf } from '../../../src/options.js';
import { Telemetry } from '../../../src/shm/telemetry.js';
import { DEFAULT_YIELD } from '../../../src/sched/yield.js';
import type { Scenario } from '../../../src/scenario/types.js';

function envFor(seen: number[]): RoundEnv {
  const scenario: Scenario = {
    name: 'draws Math.random',
    setup: () => {
      seen.push(Math.random());
      return {};
    },
    ops: {
      draw: async (_v, ctx) => {
        await ctx.yield();
        seen.push(Math.random());
      },
    },
    invariant: () => {
      seen.push(Math.random());
      return true;
    },
    workers: false,
    tasks: { count: 2, opsPerRound: 3 },
  } as Scenario;
  const plan = planActors(scenario, settingsOf({ workers: 0, tasks: 2 }));
  return {
    file: '/virtual/draws.ts', bundle: '/virtual/draws.js', scenario, scenarioIndex: 0, plan,
    telemetry: Telemetry.create(plan.actors.length), crew: undefined, yieldOpts: DEFAULT_YIELD,
    deadlockTimeoutMs: 10_000, deadline: Infinity, graceMs: 10_000,
  };
}

describe('Math.random in a round', () => {
  it('is seeded by the round for setup, the ops and the checks, and the same again for the same seed', async () => {
    const a: number[] = [];
    const b: number[] = [];
    const c: number[] = [];
    await runRound(envFor(a), 1, 1234, 3);
    await runRound(envFor(b), 1, 1234, 3);
    await runRound(envFor(c), 1, 99, 3);
    expect(a).toHaveLength(1 + 2 * 3 + 1);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('is the one there was before once the round is over, also when setup() throws', async () => {
    const before = Math.random;
    await runRound(envFor([]), 1, 1234, 3);
    expect(Math.random).toBe(before);
    const env = envFor([]);
    env.scenario = { ...env.scenario, setup: () => { throw new Error('no state'); } };
    await expect(runRound(env, 2, 1234, 3)).rejects.toThrow(/setup\(\) threw/);
    expect(Math.random).toBe(before);
  });
});
