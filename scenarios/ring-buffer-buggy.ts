// BUG: a single-producer ring buffer in a SharedArrayBuffer, used to bridge
// several worker threads (producers) to async tasks on the main loop
// (consumers). push() reads the head index, writes the item into that slot and
// only then publishes head + 1. With one producer that is correct; with
// several, two producers read the same head, write the same slot (the second
// item overwrites the first) and both publish the same head + 1. Items are
// silently dropped; when a slow producer publishes an old head after others
// moved on, the head goes backwards and items are delivered twice. (The loop
// side waits with Atomics.waitAsync, woken by the producers' Atomics.notify.)
// Interleaving: head = 5; worker#1 reads 5, writes item 17 to slot 5 -> worker#2
//   reads 5, writes item 18 to slot 5 -> both store head = 6: item 17 is gone.
// FIX (ring-buffer-fixed.ts): a multi-producer ring (Vyukov's bounded queue):
//   producers claim a position with a compare-and-swap on the head and publish
//   each slot through its own sequence number.
// expect: corruption verify
import { defineScenario, type Ctx, type RoundInfo } from 'racecheck';

const SLOTS = 8;
const HEAD = 0, TAIL = 1;

interface Ring {
  idx: Int32Array; // [head, tail]: next position to write, next to read
  slots: Int32Array;
  ids: Int32Array; // item id source (item ids start at 1)
  signal: Int32Array; // bumped and notified after every push
}

async function push(r: Ring, ctx: Ctx, item: number): Promise<boolean> {
  const head = Atomics.load(r.idx, HEAD);
  if (head - Atomics.load(r.idx, TAIL) >= SLOTS) return false; // full
  Atomics.store(r.slots, head % SLOTS, item);
  await ctx.yield('item written, head not yet published');
  Atomics.store(r.idx, HEAD, head + 1);
  return true;
}

/** Consumers all run on the main event loop, one at a time: a single consumer. */
function pop(r: Ring): number | undefined {
  const tail = Atomics.load(r.idx, TAIL);
  if (tail === Atomics.load(r.idx, HEAD)) return undefined; // empty
  const item = Atomics.load(r.slots, tail % SLOTS);
  Atomics.store(r.idx, TAIL, tail + 1);
  return item;
}

export default defineScenario({
  name: 'ring buffer: single-producer ring with several producers',
  description: `workers push item ids into a ${SLOTS}-slot SharedArrayBuffer ring, loop tasks pop them`,
  setup: (): Ring => ({
    idx: new Int32Array(new SharedArrayBuffer(8)),
    slots: new Int32Array(new SharedArrayBuffer(SLOTS * 4)),
    ids: new Int32Array(new SharedArrayBuffer(4)),
    signal: new Int32Array(new SharedArrayBuffer(4)),
  }),
  ops: {
    produce: async (r, ctx) => {
      const item = Atomics.add(r.ids, 0, 1) + 1;
      for (let attempt = 0; attempt < 10; attempt++) {
        if (await push(r, ctx, item)) {
          Atomics.add(r.signal, 0, 1);
          Atomics.notify(r.signal, 0);
          return item;
        }
        await ctx.yield('ring full, backing off');
      }
      return undefined; // not enqueued, and the caller knows: not a silent drop
    },
    // The loop side of the bridge: take whatever is queued, in one turn; if
    // nothing is, wait (without blocking the loop) for a producer's notify.
    consume: async (r) => {
      const seen = Atomics.load(r.signal, 0);
      let batch = popBatch(r);
      if (batch.length === 0) {
        const wait = waitAsync(r.signal, 0, seen, 2);
        if (wait.async) await wait.value;
        batch = popBatch(r);
      }
      return batch.length > 0 ? batch : undefined;
    },
  },
  workers: { ops: ['produce'] },
  tasks: { ops: ['consume'] },
  verify: (r, round) => reconcile(round, drain(r)),
});

/** What is still in the ring at rest (bounded: a corrupted head may never meet the tail). */
function popBatch(r: Ring): number[] {
  const batch: number[] = [];
  while (batch.length < SLOTS) {
    const item = pop(r);
    if (item === undefined) break;
    batch.push(item);
  }
  return batch;
}

// Node 20's V8 has Atomics.waitAsync (ES2024); typed here for older TypeScript libs.
type WaitAsync = (a: Int32Array, i: number, v: number, ms: number) => { async: false; value: string } | { async: true; value: Promise<string> };
const waitAsync: WaitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

function drain(r: Ring): number[] {
  const left: number[] = [];
  while (left.length < 4 * SLOTS) {
    const item = pop(r);
    if (item === undefined) break;
    left.push(item);
  }
  return left;
}

/** Every item pushed is popped or still queued, exactly once (a count per item id). */
function reconcile(round: RoundInfo, left: number[]): true | string {
  const pushed = round.results('produce') as number[];
  const delivered = [...(round.results('consume') as number[][]).flat(), ...left];
  const times = new Map<number, number>();
  for (const x of delivered) times.set(x, (times.get(x) ?? 0) + 1);
  const dropped: number[] = [];
  const duplicated: number[] = [];
  for (const x of pushed) {
    const n = times.get(x) ?? 0;
    if (n === 0) dropped.push(x);
    if (n > 1) duplicated.push(x);
    times.delete(x);
  }
  const phantom = [...times.keys()]; // popped, never pushed: a stale or unwritten slot
  if (dropped.length + duplicated.length + phantom.length === 0) return true;
  const some = (xs: number[]) => xs.slice(0, 3).join(', ') + (xs.length > 3 ? ', ...' : '');
  return [
    `${pushed.length} items pushed, ${delivered.length} popped or still queued`,
    dropped.length && `${dropped.length} dropped (never popped: ${some(dropped)})`,
    duplicated.length && `${duplicated.length} popped more than once (${some(duplicated)})`,
    phantom.length && `${phantom.length} popped that were never pushed (${some(phantom)})`,
  ].filter(Boolean).join('; ');
}
