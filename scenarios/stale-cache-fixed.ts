// FIXED (see stale-cache-buggy.ts): every write bumps a per-row write counter
// before it commits; get() remembers the counter when it reads the row and
// stores the row only if the counter is unchanged, so a row read before an
// update can never be put back after the update's invalidation.
import { defineScenario } from 'racecheck';

const ROWS = 3;
const STATEMENTS = 4;

interface Row {
  version: number;
}

class Repo {
  db = new Map<number, Row>(Array.from({ length: ROWS }, (_, i) => [i, { version: 0 }]));
  writes = new Map<number, number>();
  cache = new Map<number, Row>();
}

export default defineScenario({
  name: 'cache: read-through store checked against concurrent writes',
  description: 'loop tasks read through a Map cache and update rows in multi-statement transactions',
  setup: () => ({}),
  attach: () => new Repo(),
  ops: {
    get: async (repo, ctx) => {
      const id = ctx.int(0, ROWS - 1);
      const cached = repo.cache.get(id);
      if (cached) {
        const current = repo.db.get(id)!.version;
        ctx.assert(cached.version === current, `row ${id} served from the cache at version ${cached.version}, the database has ${current}`);
        return;
      }
      const writes = repo.writes.get(id) ?? 0;
      const row = { ...repo.db.get(id)! };
      await ctx.yield('reading the rest of the result set');
      if ((repo.writes.get(id) ?? 0) === writes) repo.cache.set(id, row);
    },
    update: async (repo, ctx) => {
      const id = ctx.int(0, ROWS - 1);
      for (let s = 1; s < STATEMENTS; s++) await ctx.yield(`transaction statement ${s}`);
      repo.writes.set(id, (repo.writes.get(id) ?? 0) + 1);
      repo.db.set(id, { version: repo.db.get(id)!.version + 1 });
      repo.cache.delete(id); // invalidated in the commit's own step: no window for stale hits
      await ctx.yield('commit acknowledged');
    },
  },
  tasks: { ops: { get: 3, update: 1 } },
  workers: false,
});
