// BUG: a shared id allocator in a SharedArrayBuffer is initialised lazily, on
// first use, by whichever thread or task gets there first: check a "ready"
// flag, load the configuration (slow), store the first id, set the flag. The
// check and the set are separate steps, so two workers that both see "not
// ready" both initialise it; the second one resets the next id after the first
// has already handed some out, and ids are issued twice.
// Interleaving: worker#1 sees ready = 0, loads config -> worker#2 sees ready = 0,
//   loads config -> worker#1 stores next = 1000, ready = 1 -> task#3 takes id
//   1000 -> worker#2 stores next = 1000: id 1000 will be issued again.
// FIX (lazy-init-fixed.ts): claim the initialisation with
//   Atomics.compareExchange(state, 0, UNINIT -> INITIALISING); only the winner
//   initialises, everyone else waits until the state is READY.
// expect: corruption assertion
import { defineScenario, type Ctx } from 'racecheck';

const FIRST_ID = 1000;

interface Allocator {
  ready: Int32Array; // 0 = not initialised, 1 = ready
  next: Int32Array;
  inits: Int32Array; // how many times init ran (instrumentation)
}

async function init(a: Allocator, ctx: Ctx): Promise<void> {
  await ctx.yield('loading the allocator configuration');
  const n = Atomics.add(a.inits, 0, 1) + 1;
  ctx.assert(n === 1, `the id allocator was initialised ${n} times: this caller saw it uninitialised while another caller was already initialising it`);
  Atomics.store(a.next, 0, FIRST_ID);
}

async function ensureReady(a: Allocator, ctx: Ctx): Promise<void> {
  if (Atomics.load(a.ready, 0) === 1) return;
  await init(a, ctx);
  Atomics.store(a.ready, 0, 1);
}

const i32 = () => new Int32Array(new SharedArrayBuffer(4));

export default defineScenario({
  name: 'lazy init: check a flag, initialise, set the flag',
  description: 'an id allocator initialised on first use by workers and loop tasks',
  setup: (): Allocator => ({ ready: i32(), next: i32(), inits: i32() }),
  ops: {
    allocate: async (a, ctx) => {
      await ensureReady(a, ctx);
      return Atomics.add(a.next, 0, 1);
    },
  },
  verify: (_a, round) => {
    const ids = round.results('allocate') as number[];
    const seen = new Set<number>();
    for (const id of ids) {
      if (seen.has(id)) return `id ${id} was issued twice`;
      seen.add(id);
    }
    return true;
  },
});
