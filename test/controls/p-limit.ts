// CONTROL: p-limit(3) caps concurrent slow calls; the section proves at most 3 run at once.
import { setTimeout as sleep } from 'node:timers/promises';
import pLimit from 'p-limit';
import { defineScenario } from 'racecheck';

export default defineScenario({
  name: 'control: p-limit concurrency 3',
  setup: () => ({}),
  attach: () => ({ limit: pLimit(3), done: 0 }),
  workers: false,
  ops: {
    call: async (v, ctx) => {
      await v.limit(() => ctx.section('p-limit(3)', async () => {
        ctx.assert(v.limit.activeCount <= 3, `activeCount ${v.limit.activeCount}`);
        await sleep(ctx.int(0, 3));
      }, { limit: 3 }));
      v.done++;
    },
  },
  verify: (v, round) => v.done === round.count('call') || `${v.done} of ${round.count('call')} calls done`,
});
