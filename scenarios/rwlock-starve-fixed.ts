// FIXED rwlock-starve-buggy.ts: a writer-preferring read-write lock. A writer first
// raises a WAITING flag, which turns new readers away; the readers inside finish,
// the count reaches zero, and the writer gets in after at most one read's time.
// (A stream of writers could now starve readers; writes are rare here, and each
// one lets the waiting readers in before the next writer can raise the flag again.)
import { defineScenario, type Ctx } from 'racecheck';

const WRITER = 1 << 30; // a writer is inside
const WAITING = 1 << 29; // a writer waits: no new readers
const READERS = WAITING - 1;

class WriterPreferringLock {
  constructor(private readonly word: Int32Array) {}
  readLock(): void {
    for (;;) {
      const v = Atomics.load(this.word, 0);
      if (v & (WRITER | WAITING)) Atomics.wait(this.word, 0, v);
      else if (Atomics.compareExchange(this.word, 0, v, v + 1) === v) return;
    }
  }
  readUnlock(): void {
    const left = Atomics.sub(this.word, 0, 1) - 1;
    if ((left & READERS) === 0) Atomics.notify(this.word, 0);
  }
  writeLock(): void {
    // Queue: one writer at a time raises WAITING.
    for (;;) {
      const v = Atomics.load(this.word, 0);
      if (v & (WRITER | WAITING)) Atomics.wait(this.word, 0, v);
      else if (Atomics.compareExchange(this.word, 0, v, v | WAITING) === v) break;
    }
    // Readers drain: they cannot enter while WAITING is set.
    for (;;) {
      const v = Atomics.load(this.word, 0);
      if ((v & READERS) === 0 && Atomics.compareExchange(this.word, 0, v, WRITER) === v) return;
      Atomics.wait(this.word, 0, v);
    }
  }
  writeUnlock(): void {
    Atomics.store(this.word, 0, 0);
    Atomics.notify(this.word, 0);
  }
}

interface Config {
  lock: WriterPreferringLock;
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
  name: 'rwlock: writer-preferring lock',
  description: 'worker threads read a config under a read lock; now and then one updates it under the write lock',
  setup: () => ({ word: new Int32Array(new SharedArrayBuffer(4)), data: new Int32Array(new SharedArrayBuffer(8)) }),
  attach: (s): Config => ({ lock: new WriterPreferringLock(s.word), data: s.data }),
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
  workers: { ops: { read: 200, write: 1 }, count: 8, opsPerRound: 1500 },
  tasks: false,
});
