// BUG: a reader-preferring read-write lock starves writers. A reader may enter
// whenever no writer is *inside*; a writer must wait until there are no readers at
// all. With readers arriving faster than they leave, the reader count never drops
// to zero and a waiting writer waits as long as reads keep coming: its config
// update is never applied while every reader keeps reading the old one.
// Interleaving: worker#1 reads (readers 1) -> worker#3 wants to write: waits for
//   readers 0 -> worker#2 reads (readers 2) -> worker#1 leaves (readers 1) ->
//   worker#1 reads again (readers 2) -> ... the count never reaches 0.
// FIX (rwlock-starve-fixed.ts): a writer-preferring lock. A waiting writer sets a
//   flag that turns new readers away, so the readers inside drain and the writer
//   gets in after at most one read's time.
// expect: starvation unfair
import { defineScenario, type Ctx } from 'racecheck';

const WRITER = 1 << 30; // a writer is inside; the low bits count readers

/** Reader-preferring: readers only wait for a writer inside, never for one waiting. */
class ReaderPreferringLock {
  constructor(private readonly word: Int32Array) {}
  readLock(): void {
    for (;;) {
      const v = Atomics.load(this.word, 0);
      if (v & WRITER) Atomics.wait(this.word, 0, v);
      else if (Atomics.compareExchange(this.word, 0, v, v + 1) === v) return;
    }
  }
  readUnlock(): void {
    if (Atomics.sub(this.word, 0, 1) === 1) Atomics.notify(this.word, 0);
  }
  writeLock(): void {
    for (;;) {
      const v = Atomics.load(this.word, 0);
      if (v === 0 && Atomics.compareExchange(this.word, 0, 0, WRITER) === 0) return;
      Atomics.wait(this.word, 0, v); // BUG: waits for a moment with no reader at all
    }
  }
  writeUnlock(): void {
    Atomics.store(this.word, 0, 0);
    Atomics.notify(this.word, 0);
  }
}

interface Config {
  lock: ReaderPreferringLock;
  /** [0] = version, [1] = value, always value === version * 7 */
  data: Int32Array;
}

const nap = new Int32Array(new SharedArrayBuffer(4));
/** Reading takes a while (a 1 ms sleep stands in for parsing a large config). */
const parse = () => Atomics.wait(nap, 0, 0, 1);

async function read(c: Config, ctx: Ctx): Promise<number> {
  c.lock.readLock();
  try {
    const version = c.data[0]!;
    await ctx.yield('reading the config');
    parse();
    await ctx.yield('checking the config');
    ctx.assert(c.data[1] === version * 7, `torn config: version ${version}, value ${c.data[1]}`);
    return version;
  } finally {
    c.lock.readUnlock();
  }
}

export default defineScenario({
  name: 'rwlock: reader-preferring lock starves the writer',
  description: 'worker threads read a config under a read lock; now and then one updates it under the write lock',
  setup: () => ({ word: new Int32Array(new SharedArrayBuffer(4)), data: new Int32Array(new SharedArrayBuffer(8)) }),
  attach: (s): Config => ({ lock: new ReaderPreferringLock(s.word), data: s.data }),
  ops: {
    read,
    write: async (c, ctx) => {
      ctx.label('waiting for the write lock');
      c.lock.writeLock();
      try {
        ctx.label('updating the config');
        const v = c.data[0]! + 1;
        c.data[1] = v * 7;
        c.data[0] = v;
      } finally {
        c.lock.writeUnlock();
      }
    },
  },
  // Blocking locks: worker threads only (a loop task must not block the event loop).
  workers: { ops: { read: 200, write: 1 }, count: 8, opsPerRound: 1500 },
  tasks: false,
});
