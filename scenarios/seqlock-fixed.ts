// FIXED seqlock-buggy.ts: the reader loads the sequence before and after its
// copy and keeps the copy only if the sequence was even and unchanged, so no
// writer was active at any point during the copy; otherwise it retries.
// Writers are unchanged. All accesses use Atomics (sequentially consistent),
// which is what makes the two sequence loads a valid bracket around the copy.
import { defineScenario, type Ctx } from 'racecheck';

const SPREAD = 2;
const SEQ = 0, BID = 1, ASK = 2;

interface Quote {
  words: Int32Array; // [seq, bid, ask]
}

async function publish(q: Quote, ctx: Ctx, bid: number): Promise<void> {
  let seq: number;
  for (;;) {
    seq = Atomics.load(q.words, SEQ);
    if ((seq & 1) === 0 && Atomics.compareExchange(q.words, SEQ, seq, seq + 1) === seq) break;
    await ctx.yield('another writer is publishing');
  }
  Atomics.store(q.words, BID, bid);
  await ctx.yield('bid written, ask not yet');
  Atomics.store(q.words, ASK, bid + SPREAD);
  Atomics.store(q.words, SEQ, seq + 2);
}

async function read(q: Quote, ctx: Ctx): Promise<[number, number]> {
  for (;;) {
    const before = Atomics.load(q.words, SEQ);
    if ((before & 1) === 0) {
      const bid = Atomics.load(q.words, BID);
      await ctx.yield('copying the quote');
      const ask = Atomics.load(q.words, ASK);
      if (Atomics.load(q.words, SEQ) === before) return [bid, ask];
    }
    await ctx.yield('quote changed during the copy, retrying');
  }
}

export default defineScenario({
  name: 'seqlock: reader retries until the sequence is stable',
  description: 'a (bid, ask) quote behind a sequence word; readers assert ask - bid is the fixed spread',
  setup: (): Quote => {
    const words = new Int32Array(new SharedArrayBuffer(12));
    words.set([0, 100, 100 + SPREAD]);
    return { words };
  },
  ops: {
    publish: (q, ctx: Ctx) => publish(q, ctx, ctx.int(1, 1_000_000)),
    read: async (q, ctx: Ctx) => {
      const [bid, ask] = await read(q, ctx);
      ctx.assert(ask - bid === SPREAD, `torn read: quote (${bid}, ${ask}) has a spread of ${ask - bid}, every quote published has ${SPREAD}`);
    },
  },
  workers: { ops: { publish: 1, read: 2 } },
  tasks: { ops: { publish: 1, read: 2 } },
});
