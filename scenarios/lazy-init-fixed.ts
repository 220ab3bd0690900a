// FIXED lazy-init-buggy.ts: the state word goes UNINIT -> INITIALISING -> READY.
// Atomics.compareExchange lets exactly one caller claim the initialisation;
// the others wait until it publishes READY (workers could Atomics.wait here,
// loop tasks must not block, so both simply yield and look again).
import { defineScenario, type Ctx } from 'racecheck';

const FIRST_ID = 1000;
const UNINIT = 0, INITIALISING = 1, READY = 2;

interface Allocator {
  state: Int32Array;
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
  if (Atomics.load(a.state, 0) === READY) return;
  if (Atomics.compareExchange(a.state, 0, UNINIT, INITIALISING) === UNINIT) {
    await init(a, ctx);
    Atomics.store(a.state, 0, READY);
    return;
  }
  while (Atomics.load(a.state, 0) !== READY) await ctx.yield('waiting for another caller to initialise');
}

const i32 = () => new Int32Array(new SharedArrayBuffer(4));

export default defineScenario({
  name: 'lazy init: claimed with compareExchange',
  description: 'an id allocator initialised on first use by workers and loop tasks',
  setup: (): Allocator => ({ state: i32(), next: i32(), inits: i32() }),
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
