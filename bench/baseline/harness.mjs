// The raw baseline: the same scenario, the same actors (racecheck's own planner
// and defaults), the same seeded yields, on plain worker_threads and plain async
// tasks, without racecheck's pool, telemetry, ledger or checks.
//   node bench/baseline/harness.mjs <scenario.ts> [--seed S] [--duration ms]
// Prints JSON: [{ name, ops, rounds, durationMs, errors }] per scenario in the file.
// Timing matches racecheck's durationMs: from before the threads start to the end
// of the last round; rounds start while less than --duration has passed since the
// threads were ready.
import { Worker } from 'node:worker_threads';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { makeCtx, runOps } from './ctx.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DIST = path.join(ROOT, 'dist');
const dist = (rel) => import(pathToFileURL(path.join(DIST, rel)).href);

const argv = process.argv.slice(2);
const flag = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const file = argv.find((a, i) => !a.startsWith('--') && !argv[i - 1]?.startsWith('--'));
const seed = flag('seed', 1);
const durationMs = flag('duration', 5000);

const [{ bundleScenario }, { settingsOf }, { planActors }, prngMod, { loopYield }, roundSeedMod] = await Promise.all([
  dist('scenario/load.js'), dist('engine/supervisor.js'), dist('engine/plan.js'), dist('sched/prng.js'), dist('sched/yield.js'),
  dist('sched/round-seed.js').catch(() => ({})),
]);
const { actorSeed, deriveSeed, makePrng } = prngMod;
// Round seeds: sched/round-seed.js (main thread only) in newer builds, prng.js before.
const roundSeed = roundSeedMod.roundSeed ?? prngMod.roundSeed;
if (typeof roundSeed !== 'function') throw new Error('baseline: racecheck build has no roundSeed (dist/sched/round-seed.js or prng.js)');

const settings = settingsOf({
  patterns: [file],
  ...(argv.includes('--workers') && { workers: flag('workers') }),
  ...(argv.includes('--tasks') && { tasks: flag('tasks') }),
  ...(argv.includes('--ops') && { opsPerRound: flag('ops') }),
});
const yieldOpts = { maxUs: settings.yieldMaxUs, turns: settings.yieldTurns };
const bundle = await bundleScenario(file);
const mod = await import(pathToFileURL(bundle.path).href);
const scenarios = Array.isArray(mod.default) ? mod.default : [mod.default];

async function runScenario(scenario, index) {
  const plan = planActors(scenario, settings);
  const started = performance.now();
  const workers = await Promise.all(Array.from({ length: plan.workers }, () => new Promise((resolve, reject) => {
    const w = new Worker(new URL('./worker.mjs', import.meta.url), {
      workerData: { dist: DIST, bundle: bundle.path, index, opNames: plan.opNames },
    });
    w.once('message', () => resolve(w));
    w.once('error', reject);
  })));
  const ask = (w, task) => new Promise((resolve) => w.once('message', resolve).postMessage(task));
  const ops = plan.opNames.map((n) => scenario.ops[n]);
  const t0 = performance.now();
  let total = 0;
  let rounds = 0;
  const errors = new Set();
  let carry;
  for (let r = 1; performance.now() - t0 < durationMs; r++) {
    const rs = roundSeed(seed, r);
    let shared, view;
    if (carry) ({ shared, view } = carry);
    else {
      shared = await scenario.setup();
      view = scenario.attach ? scenario.attach(shared) : shared;
      if (scenario.persistent) carry = { shared, view };
    }
    // The same seeded issue order as racecheck's round.
    const order = makePrng(deriveSeed(rs, 'issue-order'));
    const specs = plan.actors.slice();
    for (let i = specs.length - 1; i > 0; i--) {
      const j = order.int(0, i);
      [specs[i], specs[j]] = [specs[j], specs[i]];
    }
    let nextWorker = 0;
    const running = specs.map((spec) => {
      if (spec.kind === 'worker') return ask(workers[nextWorker++], { spec, round: r, roundSeed: rs, shared, yieldOpts });
      const s = actorSeed(rs, spec.id);
      const prng = makePrng(s);
      const yieldFn = loopYield(makePrng(deriveSeed(s, 'yield')), yieldOpts);
      return runOps({ spec, ops, view, prng, ctx: makeCtx({ spec, round: r, roundSeed: rs, prng, yieldFn }) });
    });
    for (const o of await Promise.all(running)) {
      total += o.ops;
      if (o.error) errors.add(o.error);
    }
    rounds++;
  }
  const durationMs_ = performance.now() - started;
  await Promise.all(workers.map((w) => w.terminate()));
  return { name: scenario.name, ops: total, rounds, durationMs: durationMs_, errors: [...errors] };
}

const out = [];
for (let i = 0; i < scenarios.length; i++) out.push(await runScenario(scenarios[i], i));
bundle.dispose();
process.stdout.write(JSON.stringify(out) + '\n');
process.exit(0);
