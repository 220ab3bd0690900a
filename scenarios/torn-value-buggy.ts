// BUG: a two-word value, the rate-limit window [start, end) kept as two Int32
// halves in a SharedArrayBuffer, is moved by writers that store one half, then
// the other. Each store is atomic, the pair is not: a reader on another thread
// (or a loop task, while a worker writes) can load the new start with the old
// end. The window should always be WIDTH long; a torn read sees it shifted,
// inverted or huge, and lets the wrong requests through.
// Interleaving: window [100, 200); writer stores start = 500 -> reader loads
//   start 500, end 200 -> writer stores end = 600.
// FIX (torn-value-fixed.ts): writers and readers take one SharedMutex, so a
//   reader sees both halves from the same write.
// expect: corruption assertion
import { defineScenario, type Ctx } from 'racecheck';

const WIDTH = 100;

interface Window {
  bounds: Int32Array; // [start, end)
}

export default defineScenario({
  name: 'torn value: two Int32 halves written separately',
  description: 'a [start, end) window stored as two words; readers assert it is WIDTH long',
  setup: (): Window => ({ bounds: shared([0, WIDTH]) }),
  ops: {
    slide: async (w, ctx: Ctx) => {
      const start = ctx.int(0, 1_000_000);
      Atomics.store(w.bounds, 0, start);
      await ctx.yield('start written, end not yet');
      Atomics.store(w.bounds, 1, start + WIDTH);
    },
    check: (w, ctx: Ctx) => {
      const start = Atomics.load(w.bounds, 0);
      const end = Atomics.load(w.bounds, 1);
      ctx.assert(end - start === WIDTH, `torn read: window [${start}, ${end}) is ${end - start} long, every write makes it ${WIDTH}`);
    },
  },
  workers: { ops: { slide: 1, check: 1 } },
  tasks: { ops: { slide: 1, check: 1 } },
});

function shared(words: number[]): Int32Array {
  const a = new Int32Array(new SharedArrayBuffer(words.length * 4));
  a.set(words);
  return a;
}
