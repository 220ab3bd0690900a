// CONTROL: a p-queue with concurrency 1 serialises appends that await inside; the log
// stays dense and in order.
import { setTimeout as sleep } from 'node:timers/promises';
import PQueue from 'p-queue';
import { defineScenario } from 'racecheck';

export default defineScenario({
  name: 'control: p-queue concurrency 1 as a lock',
  setup: () => ({}),
  attach: () => ({ queue: new PQueue({ concurrency: 1 }), log: [] as number[] }),
  workers: false,
  ops: {
    append: (v, ctx) =>
      v.queue.add(() =>
        ctx.transition('append', async () => {
          const n = v.log.length;
          await ctx.yield('length read');
          await sleep(ctx.int(0, 2));
          v.log.push(n);
        }),
      ),
    idle: (v) => v.queue.onIdle(),
  },
  invariant: (v) => v.log.every((x, i) => x === i) || `log out of order: ${v.log.slice(0, 10).join(',')}`,
  verify: (v, round) => v.log.length === round.count('append') || `${v.log.length} appends logged of ${round.count('append')}`,
});
