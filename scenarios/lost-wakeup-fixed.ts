// FIXED lost-wakeup-buggy.ts: the consumer reads a sequence number before checking
// the queue and sleeps only while that number is unchanged; the producer bumps it
// before notifying. A notify between the check and the wait changed the number, so
// Atomics.wait returns at once ('not-equal') and the consumer looks again. After
// any wake-up the consumer re-checks the queue.
import { defineScenario } from 'racecheck';

const COUNT = 0; // items in the queue
const SEQ = 1; // bumped by every produce, before its notify

export default defineScenario({
  name: 'wake-up: sequence number re-checked before sleeping',
  description: 'a loop task produces items, a worker thread consumes them and sleeps when the queue is empty',
  setup: () => ({ q: new Int32Array(new SharedArrayBuffer(8)) }),
  ops: {
    produce: async (s, ctx) => {
      await ctx.yield('preparing an item');
      Atomics.add(s.q, COUNT, 1);
      Atomics.add(s.q, SEQ, 1);
      Atomics.notify(s.q, SEQ, 1);
    },
    consume: async (s, ctx) => {
      for (;;) {
        const seq = Atomics.load(s.q, SEQ);
        const n = Atomics.load(s.q, COUNT);
        if (n > 0) {
          if (Atomics.compareExchange(s.q, COUNT, n, n - 1) === n) return;
          continue;
        }
        await ctx.yield('queue empty, going to sleep');
        ctx.label('asleep until the sequence number moves');
        Atomics.wait(s.q, SEQ, seq);
      }
    },
  },
  workers: { ops: ['consume'], count: 1 },
  tasks: { ops: ['produce'], count: 1 },
  invariant: (s) => s.q[COUNT] === 0 || `${s.q[COUNT]} item(s) left in the queue`,
});
