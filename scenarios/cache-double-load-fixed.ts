// FIXED cache-double-load-buggy.ts: the cache holds promises. The first caller
// stores the load's promise synchronously, before any await, so every later
// caller finds it and awaits the same load. A failed load is evicted, so the
// next caller retries instead of caching the failure forever.
import { defineScenario, type Ctx } from 'racecheck';

interface Service {
  cache: Map<number, Promise<string>>;
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
  name: 'cache: the in-flight promise is cached',
  description: 'loop tasks share a Map cache of promises; a miss stores the load before awaiting it',
  setup: () => ({}),
  attach: (): Service => ({ cache: new Map(), queries: new Map() }),
  ops: {
    getUser: async (s, ctx) => {
      const id = ctx.int(1, 8);
      let user = s.cache.get(id);
      if (user === undefined) {
        user = queryUser(s, ctx, id);
        s.cache.set(id, user);
        user.catch(() => s.cache.delete(id));
      }
      return await user;
    },
  },
  workers: false,
});
