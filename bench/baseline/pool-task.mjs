// One task of bench/baseline/pool-reference.mjs: one worker actor's 50 ops under
// seeded yields (25% none, 45% spin, 30% Atomics.wait of 1..100 µs, like racecheck's).
import { pathToFileURL } from 'node:url';

const prng = (s) => () => {
  s = (s + 0x6d2b79f5) | 0;
  let t = Math.imul(s ^ (s >>> 15), 1 | s);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const int = (r, lo, hi) => lo + Math.floor(r() * (hi - lo + 1));
const cell = new Int32Array(new SharedArrayBuffer(4));

export default async function task({ bundle, shared, id, seed }) {
  const mod = await import(pathToFileURL(bundle).href);
  const scenario = Array.isArray(mod.default) ? mod.default[0] : mod.default;
  const names = Object.keys(scenario.ops);
  const view = scenario.attach ? scenario.attach(shared) : shared;
  const r = prng(seed * 7919 + id);
  const y = prng(seed * 31 + id * 13);
  const ctx = {
    actor: { id, kind: 'worker', name: `worker#${id + 1}` }, round: 1, seed,
    yield: async () => {
      const x = y();
      if (x < 0.25) return;
      const us = int(y, 1, 100);
      if (x < 0.7) for (const end = performance.now() + us / 1000; performance.now() < end;);
      else Atomics.wait(cell, 0, 0, us / 1000);
    },
    random: r, int: (lo, hi) => int(r, lo, hi), pick: (xs) => xs[int(r, 0, xs.length - 1)], label() {},
    transition: async (_n, fn) => fn(), section: async (_n, fn) => fn(), assert: (c, m) => { if (!c) throw new Error(m); },
  };
  const counts = Object.fromEntries(names.map((n) => [n, 0]));
  for (let i = 0; i < 50; i++) {
    const op = names[int(r, 0, names.length - 1)];
    await scenario.ops[op](view, ctx);
    counts[op]++;
  }
  return counts;
}
