// CONTROL: the scenario's own piscina pool (2 threads) computes for loop tasks, which
// await its answers: threads the scenario started are a wake-up source.
import { Piscina } from 'piscina';
import { defineScenario } from 'racecheck';
import { fixture } from './fixtures/where.js';

let pool: Piscina | undefined;
const getPool = () => (pool ??= new Piscina({ filename: fixture('square.mjs'), minThreads: 1, maxThreads: 2 }));

export default defineScenario({
  name: 'control: piscina as a user library',
  setup: () => ({}),
  attach: () => ({ sum: 0, expected: 0 }),
  workers: false,
  ops: {
    offload: async (v, ctx) => {
      const n = ctx.int(1, 100);
      v.expected += n * n;
      const r = (await getPool().run({ n })) as { square: number };
      v.sum += r.square;
    },
  },
  invariant: (v) => v.sum === v.expected || `sum ${v.sum}, expected ${v.expected}`,
});
