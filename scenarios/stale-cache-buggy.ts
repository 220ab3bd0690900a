// BUG: a read-through cache. On a miss, get() reads the row, awaits the rest of
// the result set, and stores the row it read. An update writes the row in a
// transaction (several statements) and invalidates the cache entry as it
// commits. A get() that read the row just before the update, and stores it only
// after the update's invalidation, puts the old row back: the cache serves it
// until the next update of that row.
// Interleaving (3 events): task#1 misses row 2 and reads version 4 -> task#2
//   updates row 2 to version 5, commits, deletes the cache entry -> task#1
//   stores version 4 -> task#3 gets row 2 from the cache: version 4, stale.
// FIX (stale-cache-fixed.ts): store the row only if no update touched it since
//   the read (a per-row write counter checked before the store).
// expect: corruption assertion
import { defineScenario } from 'racecheck';

const ROWS = 3;
const STATEMENTS = 4;

interface Row {
  version: number;
}

class Repo {
  db = new Map<number, Row>(Array.from({ length: ROWS }, (_, i) => [i, { version: 0 }]));
  cache = new Map<number, Row>();
}

export default defineScenario({
  name: 'cache: read-through stores a row read before an update',
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
      const row = { ...repo.db.get(id)! };
      await ctx.yield('reading the rest of the result set');
      repo.cache.set(id, row);
    },
    update: async (repo, ctx) => {
      const id = ctx.int(0, ROWS - 1);
      for (let s = 1; s < STATEMENTS; s++) await ctx.yield(`transaction statement ${s}`);
      repo.db.set(id, { version: repo.db.get(id)!.version + 1 });
      repo.cache.delete(id); // invalidated in the commit's own step: no window for stale hits
      await ctx.yield('commit acknowledged');
    },
  },
  tasks: { ops: { get: 3, update: 1 } },
  workers: false,
});
