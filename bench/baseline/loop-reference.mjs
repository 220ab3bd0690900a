// The floor for a loop-only finding (issue 12): bundle the scenario with esbuild,
// then rounds of 8 async tasks under seeded yields until verify()/invariant fails.
// No supervisor, watchdog, ledger, telemetry or pool: what any runner must pay.
//   node bench/baseline/loop-reference.mjs <scenario.ts> [--seed S] [--rounds N]
// Prints one JSON line { found, round, ms } and exits 1 on a finding, 0 without.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const argv = process.argv.slice(2);
const flag = (n, d) => (argv.includes(`--${n}`) ? Number(argv[argv.indexOf(`--${n}`) + 1]) : d);
const file = argv[0];
const seed = flag('seed', 1);
const maxRounds = flag('rounds', 10_000);
const TASKS = 8;
const OPS = 50;

// mulberry32: a small seeded PRNG (racecheck's own streams differ; only the cost matters).
const prng = (s) => () => {
  s = (s + 0x6d2b79f5) | 0;
  let t = Math.imul(s ^ (s >>> 15), 1 | s);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const int = (r, lo, hi) => lo + Math.floor(r() * (hi - lo + 1));
// The same mix as racecheck's loop yields: microtask hops or a few setImmediate turns.
const yieldOf = (r) => async () => {
  const x = r();
  if (x < 0.3) return;
  if (x < 0.6) for (let i = int(r, 2, 8); i > 0; i--) await null;
  else for (let i = int(r, 1, 4); i > 0; i--) await new Promise(setImmediate);
};

// 'racecheck' (defineScenario) is bundled in from this checkout, not kept external.
const dir = mkdtempSync(path.join(tmpdir(), 'rc-loopref-'));
const out = path.join(dir, 'scenario.mjs');
await build({ entryPoints: [path.resolve(file)], outfile: out, bundle: true, format: 'esm', platform: 'node', logLevel: 'silent' });
const mod = await import(pathToFileURL(out).href);
rmSync(dir, { recursive: true, force: true });
const scenario = Array.isArray(mod.default) ? mod.default[0] : mod.default;
const names = Object.keys(scenario.ops);

let failure;
let round = 0;
while (!failure && ++round <= maxRounds) {
  const shared = await scenario.setup();
  const view = scenario.attach ? scenario.attach(shared) : shared;
  const counts = new Map(names.map((n) => [n, 0]));
  await Promise.all(Array.from({ length: TASKS }, async (_, id) => {
    const r = prng(seed * 7919 + round * 104729 + id);
    const ctx = {
      actor: { id, kind: 'task', name: `task#${id + 1}` }, round, seed,
      yield: yieldOf(prng(seed * 31 + round * 17 + id * 13)), random: r, int: (lo, hi) => int(r, lo, hi),
      pick: (xs) => xs[int(r, 0, xs.length - 1)], label() {}, transition: async (_n, fn) => fn(), section: async (_n, fn) => fn(),
      assert: (c, m) => { if (!c) throw new Error(m); },
    };
    for (let i = 0; i < OPS; i++) {
      const op = names[int(r, 0, names.length - 1)];
      await scenario.ops[op](view, ctx);
      counts.set(op, counts.get(op) + 1);
    }
  }));
  const info = { index: round, seed, count: (op) => counts.get(op), results: () => [] };
  for (const check of [scenario.invariant && (() => scenario.invariant(view)), scenario.verify && (() => scenario.verify(view, info))]) {
    const v = check ? await check() : true;
    if (v !== true && v !== undefined) failure = v === false ? 'check returned false' : String(v);
  }
}
process.stdout.write(JSON.stringify({ found: !!failure, round: failure ? round : null, message: failure ?? null, ms: Math.round(performance.now()) }) + '\n');
process.exit(failure ? 1 : 0);
