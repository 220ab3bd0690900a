// CONTROL: the scenario's own tinypool (2 threads), awaited by loop tasks.
import Tinypool from 'tinypool';
import { defineScenario } from 'racecheck';
import { fixture } from './fixtures/where.js';

let pool: Tinypool | undefined;
const getPool = () => (pool ??= new Tinypool({ filename: fixture('square.mjs'), minThreads: 1, maxThreads: 2 }));

export default defineScenario({
  name: 'control: tinypool as a user library',
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
