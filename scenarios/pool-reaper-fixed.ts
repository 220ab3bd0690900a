// FIXED (see pool-reaper-buggy.ts): the pool marks a connection in use in the
// same synchronous step that finds it idle, before any await, so the reaper can
// never see a connection as idle while a query is about to use it. However long
// the query is held before it runs, its connection stays open.
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
  /** The most recently used open connection nobody uses (else a new one), registered at once. */
  acquire(): Conn {
    let idle: Conn | undefined;
    for (const x of this.conns) if (x.users === 0 && !x.closed && (!idle || x.lastUsed >= idle.lastUsed)) idle = x;
    const c = idle ?? this.grow();
    c.users++;
    c.lastUsed = this.clock;
    return c;
  }
  private grow(): Conn {
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
  name: 'pool: connection registered when it is picked',
  description: 'loop tasks query through a pool; an idle reaper closes connections unused for a whole idle period',
  setup: () => ({}),
  attach: () => new Pool(),
  ops: {
    query: async (pool, ctx) => {
      const conn = pool.acquire();
      await ctx.yield('preparing the statement');
      ctx.assert(!conn.closed, `query used connection #${conn.id} after the reaper closed it`);
      await ctx.yield('query on the wire');
      conn.users--;
      conn.lastUsed = pool.clock;
    },
    reap: async (pool, ctx) => {
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
