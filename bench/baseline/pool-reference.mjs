// The floor for an N-worker finding (issue 12): bundle the scenario with esbuild, a
// bare piscina pool of N threads (default 8), each thread runs one task (import the
// bundle, 50 ops of one actor under seeded yields on setup()'s shared memory), then
// verify()/invariant on the main thread and destroy the pool. No supervisor,
// watchdog, ledger or telemetry.
//   node bench/baseline/pool-reference.mjs <scenario.ts> [--workers N] [--seed S]
// Prints one JSON line { found, message, ms } and exits 1 on a finding, 0 without.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';

const argv = process.argv.slice(2);
const flag = (n, d) => (argv.includes(`--${n}`) ? Number(argv[argv.indexOf(`--${n}`) + 1]) : d);
const file = argv[0];
const workers = flag('workers', 8);
const seed = flag('seed', 1);

// Threads boot while the scenario is bundled (piscina starts minThreads at once).
const pool = new Piscina({ filename: new URL('./pool-task.mjs', import.meta.url).href, minThreads: workers, maxThreads: workers });
const dir = mkdtempSync(path.join(tmpdir(), 'rc-poolref-'));
const bundle = path.join(dir, 'scenario.mjs');
await build({ entryPoints: [path.resolve(file)], outfile: bundle, bundle: true, format: 'esm', platform: 'node', logLevel: 'silent' });
const mod = await import(pathToFileURL(bundle).href);
const scenario = Array.isArray(mod.default) ? mod.default[0] : mod.default;
const shared = await scenario.setup();
const results = await Promise.all(Array.from({ length: workers }, (_, id) => pool.run({ bundle, shared, id, seed })));
const counts = new Map();
for (const r of results) for (const [op, n] of Object.entries(r)) counts.set(op, (counts.get(op) ?? 0) + n);
const view = scenario.attach ? scenario.attach(shared) : shared;
const info = { index: 1, seed, count: (op) => counts.get(op) ?? 0, results: () => [] };
let failure;
for (const check of [scenario.invariant && (() => scenario.invariant(view)), scenario.verify && (() => scenario.verify(view, info))]) {
  const v = check ? await check() : true;
  if (!failure && v !== true && v !== undefined) failure = v === false ? 'check returned false' : String(v);
}
await pool.destroy();
rmSync(dir, { recursive: true, force: true });
process.stdout.write(JSON.stringify({ found: !!failure, message: failure ?? null, ms: Math.round(performance.now()) }) + '\n');
process.exit(failure ? 1 : 0);
