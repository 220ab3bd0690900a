// FIXED torn-value-buggy.ts: writers store both halves while holding a
// SharedMutex, and readers load both halves under the same mutex, so a reader
// never sees the new start with the old end. (A seqlock would also do, with
// readers that retry: see seqlock-fixed.ts.)
import { defineScenario, SharedMutex, type Ctx } from 'racecheck';

const WIDTH = 100;

interface Window {
  bounds: Int32Array; // [start, end)
  lock: SharedMutex;
}

export default defineScenario({
  name: 'torn value: both halves under a SharedMutex',
  description: 'a [start, end) window stored as two words; readers assert it is WIDTH long',
  setup: (): Window => ({ bounds: shared([0, WIDTH]), lock: new SharedMutex('window') }),
  ops: {
    slide: async (w, ctx: Ctx) => {
      const start = ctx.int(0, 1_000_000);
      await w.lock.lock(ctx);
      try {
        Atomics.store(w.bounds, 0, start);
        await ctx.yield('start written, end not yet');
        Atomics.store(w.bounds, 1, start + WIDTH);
      } finally {
        w.lock.unlock();
      }
    },
    check: async (w, ctx: Ctx) => {
      await w.lock.lock(ctx);
      let start: number, end: number;
      try {
        start = Atomics.load(w.bounds, 0);
        end = Atomics.load(w.bounds, 1);
      } finally {
        w.lock.unlock();
      }
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
