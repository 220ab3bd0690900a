// BUG: a connection pool hands out an idle connection in two steps: it finds one
// nobody uses (the check), then awaits preparing the statement, and only then
// marks the connection in use (the registration). An idle reaper closes a
// connection nobody registered or released for a whole idle period (IDLE_TICKS ticks). A
// query held between its check and its registration for that long gets a
// connection the reaper has closed and recycled.
// Interleaving: task#1 picks idle connection #1, awaits the statement -> task#2
//   runs the reaper: #1 is unused for all IDLE_TICKS ticks, so it is closed and
//   replaced -> task#1 registers on #1 and queries a closed connection.
// Why seeded delays miss it: task#1 must stay held across all IDLE_TICKS reaper
//   ticks in a row; a random delay almost never lasts that long, and a random
//   walk almost never passes over one task that often. PCT lowers task#1 at
//   that one step and runs the reaper ahead of it (depth 2).
// FIX (pool-reaper-fixed.ts): register the connection in the same synchronous
//   step that finds it, before any await.
// expect: corruption assertion
import { defineScenario } from 'racecheck';

const IDLE_TICKS = 12;

interface Conn {
  id: number;
  users: number;
  closed: boolean;
  /** Reaper clock at the last registration or release. */
  lastUsed: number;
}

class Pool {
  private next = 1;
  /** Idle-timer ticks (advanced by the reaper). */
  clock = 0;
  reaping = false;
  conns: Conn[] = [this.open(), this.open()];
  open(): Conn {
    return { id: this.next++, users: 0, closed: false, lastUsed: this.clock };
  }
  /** The most recently used open connection nobody uses (warm caches), else a new one. */
  findIdle(): Conn {
    let idle: Conn | undefined;
    for (const c of this.conns) if (c.users === 0 && !c.closed && (!idle || c.lastUsed >= idle.lastUsed)) idle = c;
    if (idle) return idle;
    const c = this.open();
    this.conns.push(c);
    return c;
  }
  recycle(c: Conn): void {
    c.closed = true;
    this.conns = this.conns.filter((x) => x !== c).concat(this.open());
  }
}

export default defineScenario({
  name: 'pool: reaper recycles a connection between check and registration',
  description: 'loop tasks query through a pool; an idle reaper closes connections unused for a whole idle period',
  setup: () => ({}),
  attach: () => new Pool(),
  ops: {
    query: async (pool, ctx) => {
      const conn = pool.findIdle();
      await ctx.yield('preparing the statement');
      conn.users++;
      conn.lastUsed = pool.clock;
      ctx.assert(!conn.closed, `query registered on connection #${conn.id} after the reaper closed it (it was idle when the query picked it)`);
      await ctx.yield('query on the wire');
      conn.users--;
      conn.lastUsed = pool.clock;
    },
    reap: async (pool, ctx) => {
      // One idle period of the reaper's timer, then close what nobody used in it.
      if (pool.reaping) return; // one reaper timer per pool
      pool.reaping = true;
      for (let tick = 0; tick < IDLE_TICKS; tick++) {
        await ctx.yield('reaper: waiting for the next tick');
        pool.clock++;
      }
      for (const c of pool.conns.slice()) if (c.users === 0 && pool.clock - c.lastUsed >= IDLE_TICKS) pool.recycle(c);
      pool.reaping = false;
    },
  },
  tasks: { ops: { query: 4, reap: 1 } },
  workers: false,
});
