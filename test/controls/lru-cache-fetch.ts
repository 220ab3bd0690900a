// CONTROL: lru-cache with a slow fetchMethod; concurrent fetches of one key share one
// load (the cache-double-load bug, done right by the library).
import { setTimeout as sleep } from 'node:timers/promises';
import { LRUCache } from 'lru-cache';
import { defineScenario } from 'racecheck';

const KEYS = ['a', 'b', 'c', 'd'];

export default defineScenario({
  name: 'control: lru-cache fetchMethod',
  setup: () => ({}),
  attach: () => {
    const loads = new Map<string, number>();
    const cache = new LRUCache<string, string>({
      max: 100,
      fetchMethod: async (key) => {
        loads.set(key, (loads.get(key) ?? 0) + 1);
        await sleep(3);
        return `value of ${key}`;
      },
    });
    return { cache, loads };
  },
  workers: false,
  ops: {
    get: async (v, ctx) => {
      const key = ctx.pick(KEYS);
      const value = await v.cache.fetch(key);
      ctx.assert(value === `value of ${key}`, `fetch(${key}) gave ${value}`);
    },
  },
  invariant: (v) => [...v.loads].every(([, n]) => n === 1) || `loaded more than once: ${[...v.loads].filter(([, n]) => n > 1).map(([k, n]) => `${k} x${n}`).join(', ')}`,
});
