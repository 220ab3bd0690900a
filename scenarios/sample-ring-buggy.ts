// BUG: a sampler thread (a worker) writes measurements into a ring of RING
// slots in a SharedArrayBuffer, overwriting the oldest, and publishes each one
// by advancing `head` after writing it (that part is right). An exporter (a
// loop task) takes the newest sample: it reads `head`, awaits formatting the
// export line, then reads that sample's slot. It never checks that the sampler
// did not lap it meanwhile: after RING more samples the slot holds a newer
// measurement, which is exported under the old sample's number.
// Interleaving (across threads): task#1 reads head = 40 (wants sample 39) and
//   awaits -> worker#1 records samples 40..167, the last one into sample 39's
//   slot -> task#1 reads the slot: sample 71's time and value, exported as 39.
// Why seeded delays miss it: the exporter must stay held across RING of the
//   sampler's steps; its seeded delay is a few event-loop turns while the
//   worker's are microseconds apart, and a lap needs RING of them in a row. A
//   controlled round releases one actor at a time, worker or task, so PCT can
//   drop the exporter at its await and let the sampler run on (depth 2).
// FIX (sample-ring-fixed.ts): after copying the slot, read `head` again; if the
//   sampler reached the slot (head - wanted >= RING) the copy may be a newer
//   sample: start over from the new head.
// expect: corruption assertion
import { defineScenario } from 'racecheck';

const RING = 128;

interface Samples {
  head: Int32Array; // [number of samples recorded]
  /** Per slot: [sample number, time, value]; value = time * 3 + 1, so a torn slot shows. */
  slots: Int32Array;
}

export default defineScenario({
  name: 'sample ring: exporter lapped by the sampler',
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
      const head = Atomics.load(s.head, 0);
      const wanted = head - 1;
      await ctx.yield('formatting the export line');
      const at = (wanted % RING) * 3;
      const n = Atomics.load(s.slots, at);
      const time = Atomics.load(s.slots, at + 1);
      ctx.assert(n === wanted, `exported sample ${wanted} with the time and value of sample ${n} (time ${time}): the sampler lapped the exporter`);
    },
  },
  workers: { ops: ['record'], count: 1, opsPerRound: 160 },
  tasks: { ops: ['export'] },
});
