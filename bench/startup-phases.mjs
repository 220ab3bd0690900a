// Where the run process's startup goes, phase by phase, in one fresh process:
// the same steps as src/engine/run-process.ts + scenario-run.ts startPool()
// (bundle, import, a piscina pool of W threads over dist/worker/entry.js warmed
// up with racecheck's own warm-up task), timed separately. Prints JSON (ms).
//   node bench/startup-phases.mjs <scenario.ts> [workers]
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const t0 = performance.now();
const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');
const dist = (rel) => import(pathToFileURL(path.join(DIST, rel)).href);
const file = process.argv[2];
const [{ bundleScenario }, { defaultWorkers }, { Piscina }] = await Promise.all([
  dist('scenario/load.js'), dist('engine/defaults.js'), import('piscina'),
]);
const workers = Number(process.argv[3] ?? defaultWorkers());
const t1 = performance.now();
const bundle = await bundleScenario(file);
const t2 = performance.now();
await import(pathToFileURL(bundle.path).href);
const t3 = performance.now();
const pool = new Piscina({
  filename: pathToFileURL(path.join(DIST, 'worker/entry.js')).href,
  minThreads: workers, maxThreads: workers, idleTimeout: 60_000, concurrentTasksPerWorker: 1,
});
const barrier = new SharedArrayBuffer(4);
const warm = { warmup: true, bundle: bundle.path, scenarioIndex: 0, barrier, workers };
await Promise.all(Array.from({ length: workers }, () => pool.run(warm)));
const t4 = performance.now();
await pool.destroy();
const t5 = performance.now();
bundle.dispose();
process.stdout.write(JSON.stringify({
  nodeBootMs: t0, // process start (timeOrigin) -> this script runs
  importModulesMs: t1 - t0,
  bundleMs: t2 - t1,
  importBundleMs: t3 - t2,
  poolWarmMs: t4 - t3,
  poolDestroyMs: t5 - t4,
}) + '\n');
