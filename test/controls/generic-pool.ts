// CONTROL: a generic-pool of 2 slow-to-create connections; each connection is used by
// one borrower at a time and never more than 2 are out.
import { setTimeout as sleep } from 'node:timers/promises';
import { createPool } from 'generic-pool';
import { defineScenario } from 'racecheck';

interface Conn { id: number }

export default defineScenario({
  name: 'control: generic-pool max 2',
  setup: () => ({}),
  attach: () => {
    let next = 0;
    return {
      pool: createPool<Conn>({ create: async () => { await sleep(2); return { id: next++ }; }, destroy: async () => undefined }, { max: 2, min: 0 }),
    };
  },
  workers: false,
  ops: {
    query: async (v, ctx) => {
      const conn = await v.pool.acquire();
      try {
        await ctx.section('borrowed', () => ctx.section(`connection ${conn.id}`, () => sleep(ctx.int(0, 3))), { limit: 2 });
      } finally {
        await v.pool.release(conn);
      }
    },
  },
  invariant: (v) => v.pool.borrowed === 0 || `${v.pool.borrowed} connection(s) still borrowed`,
});
