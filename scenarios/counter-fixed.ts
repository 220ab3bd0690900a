// FIXED counter-buggy.ts: Atomics.add makes the read-modify-write indivisible,
// so every increment lands. No ctx.transition here: the increment is a single
// atomic step (there is no multi-step transition to declare), and verify()
// checks the count after every round.
import { defineScenario } from 'racecheck';

export default defineScenario({
  name: 'counter: Atomics.add increment',
  setup: () => ({ counter: new Int32Array(new SharedArrayBuffer(4)) }),
  ops: {
    increment: async (s, ctx) => {
      await ctx.yield('before add');
      Atomics.add(s.counter, 0, 1);
    },
  },
  verify: (s, round) =>
    s.counter[0] === round.count('increment') || `counter is ${s.counter[0]}, expected ${round.count('increment')} increments`,
});
