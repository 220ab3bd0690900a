// FIXED (see leader-compaction-buggy.ts): the store fences every write by
// term, the fencing token of the lease: it refuses a write whose term is below
// the highest it has seen, in the same synchronous step as the write. A leader
// deposed while it was held back in its compaction gets its write refused and
// steps down, however long it was held.
import { defineScenario, type Ctx } from 'racecheck';

const TTL = 40;
const PERIOD = 10;
const SEGMENTS = 2;

class Cluster {
  clock = 0;
  ticking = false;
  lease = { holder: '', term: 0, expires: 0 };
  snapshot = { term: 0, by: 'genesis' };
  /** Highest term that wrote the snapshot (what a fencing store checks). */
  highest = 0;
  /** Takes the lease if it is free or expired; renews it if `node` holds it. */
  lead(node: string): number | undefined {
    const l = this.lease;
    if (l.holder !== node && this.clock < l.expires) return undefined;
    this.lease = { holder: node, term: l.holder === node ? l.term : l.term + 1, expires: this.clock + TTL };
    return this.lease.term;
  }
  /** Writes unless a newer term already wrote (the fence); false when refused. */
  write(term: number, by: string, ctx: Ctx): boolean {
    if (term < this.highest) return false;
    ctx.assert(term === this.lease.term, `${by} wrote a term-${term} snapshot over ${this.snapshot.by}'s term-${this.snapshot.term} one while ${this.lease.holder} leads in term ${this.lease.term}: its lease had expired`);
    this.snapshot = { term, by };
    this.highest = term;
    return true;
  }
}

async function compact(c: Cluster, ctx: Ctx): Promise<void> {
  const me = ctx.actor.name;
  if (c.lease.holder !== me) return; // only the leader compacts
  const term = c.lease.term;
  for (let s = 1; s <= SEGMENTS; s++) await ctx.yield(`compacting log segment ${s}`);
  // The lease may have expired and moved on during the awaits: the fence decides.
  c.write(term, me, ctx);
}

export default defineScenario({
  name: 'leader lease: writes fenced by term',
  description: 'loop tasks elect a leader by lease, publish and compact a shared snapshot, and tick the lease timer',
  setup: () => ({}),
  attach: () => new Cluster(),
  ops: {
    publish: async (c, ctx) => {
      const me = ctx.actor.name;
      const term = c.lead(me);
      if (term === undefined) return; // another node leads
      c.write(term, me, ctx);
      await ctx.yield('replicating the snapshot');
    },
    compact,
    tick: async (c, ctx) => {
      if (c.ticking) return; // one lease timer
      c.ticking = true;
      for (let i = 0; i < PERIOD; i++) {
        await ctx.yield('lease timer');
        c.clock++;
      }
      c.ticking = false;
    },
  },
  tasks: { ops: { publish: 2, compact: 1, tick: 2 } },
  workers: false,
});
