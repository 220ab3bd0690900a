// fast-check peer of scenarios/cache-double-load-buggy.ts: getUser checks a Map
// cache, and on a miss awaits the database and then fills the entry; callers
// that miss while the first load is in flight load the same id again.
import { OPS, TASKS, runRound } from './shape.mjs';

export const description = 'check-then-act cache across an await: the same key loaded twice';

/** fixed: the scenario's fix (cache the promise before the first await): must pass. */
export function property(fc, { fixed = false } = {}) {
  const ids = fc.array(fc.array(fc.integer({ min: 1, max: 8 }), { minLength: OPS, maxLength: OPS }), { minLength: TASKS, maxLength: TASKS });
  return fc.asyncProperty(fc.scheduler(), ids, async (s, idsOf) => {
    const cache = new Map();
    const queries = new Map();
    const queryUser = async (id) => {
      queries.set(id, (queries.get(id) ?? 0) + 1);
      await s.schedule(Promise.resolve(), 'database');
      return `user-${id}`;
    };
    const getUser = async (id) => {
      if (fixed) {
        if (!cache.has(id)) cache.set(id, queryUser(id));
        return cache.get(id);
      }
      let user = cache.get(id);
      if (user === undefined) {
        user = await queryUser(id);
        cache.set(id, user);
      }
      return user;
    };
    await runRound(s, (t, i) => getUser(idsOf[t][i]));
    return [...queries.values()].every((n) => n === 1);
  });
}
