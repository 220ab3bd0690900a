// FIXED (see sample-ring-buggy.ts): the exporter reads `head` again after
// copying the slot. The sampler overwrites sample w's slot only after head has
// reached w + RING (it writes sample w + RING while head = w + RING, and every
// access is an Atomics one, so they are ordered), so a second head below
// w + RING proves the copy is sample w; otherwise the exporter starts over
// from the new head.
import { defineScenario } from 'racecheck';

const RING = 128;

interface Samples {
  head: Int32Array; // [number of samples recorded]
  /** Per slot: [sample number, time, value]; value = time * 3 + 1, so a torn slot shows. */
  slots: Int32Array;
}

export default defineScenario({
  name: 'sample ring: exporter re-checks head after the copy',
  description: 'a worker records samples into a SharedArrayBuffer ring; loop tasks export the newest one',
  setup: (): Samples => {
    // The sampler takes its first measurement at start-up: sample 0 is there before any export.
    const s = { head: new Int32Array(new SharedArrayBuffer(4)), slots: new Int32Array(new SharedArrayBuffer(RING * 3 * 4)) };
    s.slots.set([0, 1000, 3001], 0);
    s.head[0] = 1;
    return s;
  },
  ops: {
    record: async (s, ctx) => {
      const n = Atomics.load(s.head, 0);
      const at = (n % RING) * 3;
      const time = 1000 + n * 10;
      Atomics.store(s.slots, at, n);
      Atomics.store(s.slots, at + 1, time);
      Atomics.store(s.slots, at + 2, time * 3 + 1);
      Atomics.store(s.head, 0, n + 1); // published only once written
      await ctx.yield('waiting for the next measurement');
    },
    export: async (s, ctx) => {
      for (;;) {
        const head = Atomics.load(s.head, 0);
        const wanted = head - 1;
        await ctx.yield('formatting the export line');
        const at = (wanted % RING) * 3;
        const n = Atomics.load(s.slots, at);
        const time = Atomics.load(s.slots, at + 1);
        const value = Atomics.load(s.slots, at + 2);
        if (Atomics.load(s.head, 0) - wanted >= RING) continue; // lapped: the copy may be newer
        ctx.assert(n === wanted && value === time * 3 + 1, `exported sample ${wanted} with the time and value of sample ${n} (time ${time}, value ${value})`);
        return;
      }
    },
  },
  workers: { ops: ['record'], count: 1, opsPerRound: 160 },
  tasks: { ops: ['export'] },
});
