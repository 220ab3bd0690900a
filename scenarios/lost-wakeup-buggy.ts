// BUG: a lost wake-up. A consumer (a worker thread) finds the queue empty and then
// goes to sleep on a signal word; a producer (a loop task) adds an item and calls
// Atomics.notify. The signal word itself never changes, so when the notify lands
// between the consumer's check and its Atomics.wait, it wakes nobody: the consumer
// sleeps with an item waiting for it. The next item's notify wakes it, but once the
// producer is done nothing wakes it after the last one is lost.
// Interleaving: worker#1 reads count 0 -> task#1 adds the last item (count 1) and
//   notifies: no waiter yet -> worker#1 waits on the signal word (still 0): asleep
//   although count is 1, and no producer is left to notify it.
// One consumer and one producer: all a lost wake-up needs (more of each only hide it
// among more steps), and as many items produced as consumed for any --ops.
// FIX (lost-wakeup-fixed.ts): a sequence number. The consumer reads it before
//   checking the queue and waits only while it is unchanged; the producer bumps it
//   before notifying, so a notify between check and wait makes the wait return at
//   once ('not-equal'), and the consumer re-checks the queue after every wake-up.
// expect: deadlock
import { defineScenario } from 'racecheck';

const COUNT = 0; // items in the queue
const SIGNAL = 1; // the word consumers sleep on

export default defineScenario({
  name: 'wake-up: notify before the consumer waits',
  description: 'a loop task produces items, a worker thread consumes them and sleeps when the queue is empty',
  setup: () => ({ q: new Int32Array(new SharedArrayBuffer(8)) }),
  ops: {
    produce: async (s, ctx) => {
      await ctx.yield('preparing an item');
      Atomics.add(s.q, COUNT, 1);
      Atomics.notify(s.q, SIGNAL, 1);
    },
    consume: async (s, ctx) => {
      for (;;) {
        const n = Atomics.load(s.q, COUNT);
        if (n > 0) {
          if (Atomics.compareExchange(s.q, COUNT, n, n - 1) === n) return;
          continue;
        }
        await ctx.yield('queue empty, going to sleep');
        ctx.label('asleep on the signal word');
        Atomics.wait(s.q, SIGNAL, 0); // BUG: a notify since the check above is lost
      }
    },
  },
  // As many items produced as consumed (one op each): the fixed version always drains the queue.
  workers: { ops: ['consume'], count: 1 },
  tasks: { ops: ['produce'], count: 1 },
  invariant: (s) => s.q[COUNT] === 0 || `${s.q[COUNT]} item(s) left in the queue`,
});
