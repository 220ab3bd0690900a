// CONTROL: slow ops on both sides. Loop tasks await 20-120 ms timers, worker threads
// sleep 10-60 ms in Atomics.wait; each op ends with a short exclusive transition.
import { setTimeout as sleep } from 'node:timers/promises';
import { SharedMutex, defineScenario } from 'racecheck';

export default defineScenario({
  name: 'control: slow timers and sleeps',
  setup: () => ({ n: new Int32Array(new SharedArrayBuffer(4)), lock: new SharedMutex('counter') }),
  ops: {
    slow: async (s, ctx) => {
      if (ctx.actor.kind === 'task') await sleep(ctx.int(20, 120));
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ctx.int(10, 60));
      await s.lock.withLock(() => ctx.transition('count', () => {
        s.n[0] = s.n[0]! + 1;
      }), ctx);
    },
  },
  verify: (s, round) => s.n[0] === round.count('slow') || `count ${s.n[0]}, ops ${round.count('slow')}`,
});
