// BUG: a shared counter incremented with a plain load and store. Two actors
// (any mix of worker threads and loop tasks) read the same value, both write
// value + 1, and one increment is lost.
// Interleaving: A reads 7 -> B reads 7 -> A writes 8 -> B writes 8.
// FIX (counter-fixed.ts): Atomics.add, one indivisible read-modify-write.
// expect: corruption lost-update
import { defineScenario } from 'racecheck';

export default defineScenario({
  name: 'counter: load/store increment',
  setup: () => ({ counter: new Int32Array(new SharedArrayBuffer(4)) }),
  ops: {
    increment: async (s, ctx) => {
      await ctx.transition('increment', async () => {
        const v = s.counter[0]!;
        await ctx.yield('between read and write');
        s.counter[0] = v + 1;
      });
    },
  },
  verify: (s, round) =>
    s.counter[0] === round.count('increment') || `counter is ${s.counter[0]}, expected ${round.count('increment')} increments`,
});
