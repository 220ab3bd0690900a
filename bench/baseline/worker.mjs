// Baseline worker thread: imports the scenario bundle once, then runs one
// worker actor's round per message (what piscina does for racecheck, minus it).
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { makeCtx, runOps } from './ctx.mjs';

const dist = (rel) => import(pathToFileURL(`${workerData.dist}/${rel}`).href);
const [{ actorSeed, deriveSeed, makePrng }, { workerYield }, { reviveMutexes, setDefaultOwner }] = await Promise.all([
  dist('sched/prng.js'), dist('sched/yield.js'), dist('primitives/shared-mutex.js'),
]);
const mod = await import(pathToFileURL(workerData.bundle).href);
const scenario = (Array.isArray(mod.default) ? mod.default : [mod.default])[workerData.index];
const ops = workerData.opNames.map((n) => scenario.ops[n]);

parentPort.on('message', async (task) => {
  const { spec, round, roundSeed, yieldOpts } = task;
  // A cloned SharedMutex is a plain object until revived (racecheck's worker does the same).
  const shared = reviveMutexes(task.shared);
  setDefaultOwner(spec.id);
  const view = scenario.attach ? scenario.attach(shared) : shared;
  const seed = actorSeed(roundSeed, spec.id);
  const prng = makePrng(seed);
  const yieldFn = workerYield(makePrng(deriveSeed(seed, 'yield')), yieldOpts);
  const ctx = makeCtx({ spec, round, roundSeed, prng, yieldFn });
  parentPort.postMessage(await runOps({ spec, ops, view, ctx, prng }));
});
parentPort.postMessage('ready');
