// FIXED ring-buffer-buggy.ts: a bounded multi-producer queue (Dmitry Vyukov's
// design). Each slot has a sequence number: seq == pos means "free for the
// producer of position pos", seq == pos + 1 "holds the item of position pos".
// A producer claims position pos with a compare-and-swap on the head, so no two
// producers ever get the same slot; it writes the item and then publishes it
// by storing seq = pos + 1. The consumer takes a slot only once it is
// published and frees it for the next lap with seq = pos + SLOTS. A producer
// that is slow between claiming and publishing only delays the consumer; it
// never exposes a half-written slot.
import { defineScenario, type Ctx, type RoundInfo } from 'racecheck';

const SLOTS = 8;
const HEAD = 0, TAIL = 1;

interface Ring {
  idx: Int32Array; // [head, tail]
  seq: Int32Array; // per-slot sequence numbers
  slots: Int32Array;
  ids: Int32Array; // item id source (item ids start at 1)
  signal: Int32Array; // bumped and notified after every push
}

async function push(r: Ring, ctx: Ctx, item: number): Promise<boolean> {
  let pos: number;
  for (;;) {
    pos = Atomics.load(r.idx, HEAD);
    const seq = Atomics.load(r.seq, pos % SLOTS);
    if (seq === pos) {
      if (Atomics.compareExchange(r.idx, HEAD, pos, pos + 1) === pos) break; // claimed
    } else if (seq < pos) {
      return false; // the slot still holds last lap's item: full
    }
    // seq > pos: another producer claimed pos first; look again
  }
  Atomics.store(r.slots, pos % SLOTS, item);
  await ctx.yield('item written, slot not yet published');
  Atomics.store(r.seq, pos % SLOTS, pos + 1);
  return true;
}

function pop(r: Ring): number | undefined {
  for (;;) {
    const pos = Atomics.load(r.idx, TAIL);
    const seq = Atomics.load(r.seq, pos % SLOTS);
    if (seq === pos + 1) {
      if (Atomics.compareExchange(r.idx, TAIL, pos, pos + 1) === pos) {
        const item = Atomics.load(r.slots, pos % SLOTS);
        Atomics.store(r.seq, pos % SLOTS, pos + SLOTS); // free for the next lap
        return item;
      }
    } else if (seq < pos + 1) {
      return undefined; // empty, or the next item is not published yet
    }
  }
}

export default defineScenario({
  name: 'ring buffer: multi-producer ring with per-slot sequence numbers',
  description: `workers push item ids into a ${SLOTS}-slot SharedArrayBuffer ring, loop tasks pop them`,
  setup: (): Ring => ({
    idx: new Int32Array(new SharedArrayBuffer(8)),
    seq: sequences(),
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

function sequences(): Int32Array {
  const seq = new Int32Array(new SharedArrayBuffer(SLOTS * 4));
  for (let i = 0; i < SLOTS; i++) seq[i] = i;
  return seq;
}

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
