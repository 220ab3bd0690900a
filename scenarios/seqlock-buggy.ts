// BUG: a seqlock without the reader's retry. A price quote (bid, ask) lives in
// a SharedArrayBuffer beside a sequence word; a writer makes the sequence odd,
// writes bid and ask, and makes it even again. This reader waits for an even
// sequence, copies the quote, and returns it: it never checks that the
// sequence is still the same after the copy, so a writer that started in the
// middle of the copy goes unnoticed and the reader returns half of each quote.
// Interleaving: seq = 4, quote (100, 102); reader sees 4 (even), loads bid 100
//   -> writer sets seq 5, bid 300, ask 302, seq 6 -> reader loads ask 302:
//   (100, 302), a spread of 202 that nobody ever quoted.
// FIX (seqlock-fixed.ts): load the sequence again after the copy and retry
//   while it changed (or was odd at the start).
// expect: corruption assertion
import { defineScenario, type Ctx } from 'racecheck';

const SPREAD = 2;
const SEQ = 0, BID = 1, ASK = 2;

interface Quote {
  words: Int32Array; // [seq, bid, ask]
}

/** Writers exclude each other by moving seq from even to odd with a CAS. */
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
  while (Atomics.load(q.words, SEQ) & 1) await ctx.yield('a writer is publishing');
  const bid = Atomics.load(q.words, BID);
  await ctx.yield('copying the quote');
  const ask = Atomics.load(q.words, ASK);
  return [bid, ask]; // BUG: no second look at SEQ
}

export default defineScenario({
  name: 'seqlock: reader without the retry',
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
