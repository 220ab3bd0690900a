// BUG: a check-then-act cache across an await. getUser looks the id up, and on
// a miss awaits the database and then stores the result. Every task that asks
// for the same id before the first load finishes also misses, and loads it
// again: duplicate work (N queries for one user, a thundering herd on a cold
// cache), and if loads have side effects, they happen N times.
// Interleaving: task#1 misses user 3, awaits the query -> task#4 misses user 3,
//   awaits the same query -> both store user 3.
// FIX (cache-double-load-fixed.ts): cache the promise, synchronously, before the
//   first await; later callers await the same promise.
// expect: corruption assertion
import { defineScenario, type Ctx } from 'racecheck';

interface Service {
  cache: Map<number, string>;
  queries: Map<number, number>; // database queries per id (instrumentation)
}

async function queryUser(s: Service, ctx: Ctx, id: number): Promise<string> {
  const n = (s.queries.get(id) ?? 0) + 1;
  s.queries.set(id, n);
  ctx.assert(n === 1, `user ${id} was loaded from the database ${n} times: callers missed the cache while the first load was in flight`);
  await ctx.yield('waiting for the database');
  return `user-${id}`;
}

export default defineScenario({
  name: 'cache: check-then-act across await',
  description: 'loop tasks share a Map cache; a miss awaits the database, then fills the entry',
  setup: () => ({}),
  attach: (): Service => ({ cache: new Map(), queries: new Map() }),
  ops: {
    getUser: async (s, ctx) => {
      const id = ctx.int(1, 8);
      let user = s.cache.get(id);
      if (user === undefined) {
        user = await queryUser(s, ctx, id);
        s.cache.set(id, user);
      }
      return user;
    },
  },
  workers: false,
});
