// Where the run process's startup goes, phase by phase, in one fresh process:
// the same steps as src/engine/run-process.ts + scenario-run.ts startCrew()
// (import the engine, bundle, import the bundle, a piscina pool of exactly the
// scenario's worker actors with one session per actor, all threads ready),
// timed separately. Prints JSON (ms).
//   node bench/startup-phases.mjs <scenario.ts> [workers]
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const t0 = performance.now();
const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');
const dist = (rel) => import(pathToFileURL(path.join(DIST, rel)).href);
const file = process.argv[2];
if (!file) {
  console.error('usage: node bench/startup-phases.mjs <scenario.ts> [workers]');
  process.exit(2);
}
const [{ bundleScenario }, { defaultWorkers }, { createPool }, { Crew }, { Telemetry }, { planActors }, { scenariosOf }, { settingsOf }] = await Promise.all([
  dist('scenario/load.js'), dist('options.js'), dist('engine/scenario-run.js'), dist('engine/crew.js'),
  dist('engine/telemetry.js').catch(() => dist('shm/telemetry.js')), dist('engine/plan.js'), dist('scenario/validate.js'),
  dist('engine/supervisor.js'),
]);
const workers = Number(process.argv[3] ?? defaultWorkers());
const t1 = performance.now();
const bundle = await bundleScenario(file);
const t2 = performance.now();
const mod = await import(pathToFileURL(bundle.path).href);
const scenario = scenariosOf(file, mod)[0];
const t3 = performance.now();
const plan = planActors(scenario, settingsOf({ patterns: [file], workers, tasks: workers }));
const telemetry = Telemetry.create(plan.actors.length);
const { Gate } = await dist('shm/gate.js');
let crew;
if (plan.workers > 0) {
  const pool = await createPool(plan.workers);
  crew = await Crew.start(
    pool,
    { bundle: bundle.path, scenarioIndex: 0, telemetry: telemetry.sab, actorCount: plan.actors.length, opNames: plan.opNames, gate: Gate.create(plan.actors.length).sab },
    plan.actors.filter((a) => a.kind === 'worker'),
  );
}
const t4 = performance.now();
await crew?.close(false);
const t5 = performance.now();
bundle.dispose();
process.stdout.write(JSON.stringify({
  workers: plan.workers,
  nodeBootMs: t0, // process start (timeOrigin) -> this script runs
  importModulesMs: t1 - t0,
  bundleMs: t2 - t1,
  importBundleMs: t3 - t2,
  poolWarmMs: t4 - t3,
  poolDestroyMs: t5 - t4,
}) + '\n');
