// BUG: nodes write one shared snapshot under a leader lease (TTL timer ticks,
// renewed by every publish, which takes or renews the lease and writes in one
// synchronous step). Compaction is not that careful: it checks the lease,
// awaits the compaction of the log, then writes the compacted snapshot. A
// leader held back through compaction until its lease expired and another
// node took over writes its old term's snapshot over the new leader's.
// Interleaving (3 events across 3 actors): task#1 (leader, term 1) checks its
//   lease and awaits the compaction -> the lease timer (task#2) ticks TTL
//   times -> task#3 takes the lease (term 2) and publishes -> task#1 writes its
//   term-1 snapshot over task#3's.
// Why seeded delays miss it: task#1 must stay held across TTL timer ticks in a
//   row, then one more actor must act before it resumes; a random delay almost
//   never lasts that long. PCT drops task#1 inside the compaction and runs the
//   timer and the other nodes first.
// FIX (leader-compaction-fixed.ts): the store fences writes by term (a fencing
//   token): it refuses a write whose term is below the highest it has seen, so
//   a deposed leader's compaction is rejected.
// expect: corruption assertion
import { defineScenario, type Ctx } from 'racecheck';

const TTL = 40;
const PERIOD = 10;
const SEGMENTS = 2;

class Cluster {
  clock = 0;
  ticking = false;
  lease = { holder: '', term: 0, expires: 0 };
  snapshot = { term: 0, by: 'genesis' };
  /** Takes the lease if it is free or expired; renews it if `node` holds it. */
  lead(node: string): number | undefined {
    const l = this.lease;
    if (l.holder !== node && this.clock < l.expires) return undefined;
    this.lease = { holder: node, term: l.holder === node ? l.term : l.term + 1, expires: this.clock + TTL };
    return this.lease.term;
  }
  write(term: number, by: string, ctx: Ctx): void {
    ctx.assert(term === this.lease.term, `${by} wrote a term-${term} snapshot over ${this.snapshot.by}'s term-${this.snapshot.term} one while ${this.lease.holder} leads in term ${this.lease.term}: its lease had expired`);
    this.snapshot = { term, by };
  }
}

async function compact(c: Cluster, ctx: Ctx): Promise<void> {
  const me = ctx.actor.name;
  if (c.lease.holder !== me) return; // only the leader compacts
  const term = c.lease.term;
  for (let s = 1; s <= SEGMENTS; s++) await ctx.yield(`compacting log segment ${s}`);
  // BUG: the lease was checked before the awaits; it may have expired and moved on.
  c.write(term, me, ctx);
}

export default defineScenario({
  name: 'leader lease: compaction writes after its lease expired',
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
