// fast-check peer of scenarios/loop-lost-update-buggy.ts: an async handler
// reads a plain-object hit counter, awaits the access-log write, then stores
// the value it read plus one (no threads at all).
import { runRound } from './shape.mjs';

export const description = 'read-modify-write of a plain counter across an await';

/** fixed: the scenario's fix (update after the await, in one synchronous step): must pass. */
export function property(fc, { fixed = false } = {}) {
  return fc.asyncProperty(fc.scheduler(), async (s) => {
    const stats = { hits: 0 };
    let calls = 0;
    const recordHit = async () => {
      if (fixed) {
        await s.schedule(Promise.resolve(), 'access-log write');
        stats.hits++;
      } else {
        const v = stats.hits;
        await s.schedule(Promise.resolve(), 'access-log write');
        stats.hits = v + 1;
      }
      calls++;
    };
    await runRound(s, () => recordHit());
    return stats.hits === calls;
  });
}
