// CONTROL (correct code): async-mutex's Mutex around a read-modify-write that awaits
// inside, and its Semaphore(2) around a slow section, from loop tasks (an in-memory
// mutex excludes only on its own thread: scenarios/async-mutex-workers-buggy.ts).
import { setTimeout as sleep } from 'node:timers/promises';
import { Mutex, Semaphore } from 'async-mutex';
import { defineScenario } from 'racecheck';

export default defineScenario({
  name: 'control: async-mutex Mutex and Semaphore',
  setup: () => ({}),
  attach: () => ({ mutex: new Mutex(), sem: new Semaphore(2), hits: 0 }),
  workers: false,
  ops: {
    increment: (v, ctx) =>
      v.mutex.runExclusive(() =>
        ctx.transition('increment', async () => {
          const x = v.hits;
          await ctx.yield('read, not yet written');
          await sleep(ctx.int(0, 2));
          v.hits = x + 1;
        }),
      ),
    limited: (v, ctx) => v.sem.runExclusive(() => ctx.section('semaphore(2)', () => sleep(ctx.int(1, 3)), { limit: 2 })),
  },
  verify: (v, round) => v.hits === round.count('increment') || `hits ${v.hits}, increments ${round.count('increment')}`,
});
