// piscina worker: import the scenario bundle once per thread, then run one
// actor's round per task. Only plain data crosses (see engine/protocol.ts).
import { pathToFileURL } from 'node:url';
import { threadId } from 'node:worker_threads';
import type { Scenario } from '../scenario/types.js';
import { scenariosOf } from '../scenario/validate.js';
import type { ActorOutcome, WarmupTask, WorkerTask } from '../engine/protocol.js';
import { A, Telemetry } from '../shm/telemetry.js';
import { emptyOutcome, exceptionFinding, runActor } from '../engine/actor.js';
import { makeChecksum } from '../check/checksum.js';
import { actorSeed, deriveSeed, makePrng, seedMathRandom } from '../sched/prng.js';
import { workerYield } from '../sched/yield.js';
import { reviveMutexes, setDefaultOwner, setMutexHooks } from '../primitives/shared-mutex.js';

process.setSourceMapsEnabled(true);

const modules = new Map<string, Promise<Scenario[]>>();
/**
 * A pool serves one scenario, so its telemetry and op list are built once per
 * thread (each task's SharedArrayBuffer is a fresh clone object: it cannot be
 * the cache key).
 */
let cached: { key: string; telemetry: Telemetry; ops: Scenario['ops'][string][] } | undefined;

function scenarios(bundle: string): Promise<Scenario[]> {
  let p = modules.get(bundle);
  if (!p) {
    p = import(pathToFileURL(bundle).href).then((m) => scenariosOf(bundle, m));
    modules.set(bundle, p);
  }
  return p;
}

function scenarioState(task: WorkerTask, scenario: Scenario) {
  const key = `${task.bundle}#${task.scenarioIndex}`;
  if (cached?.key !== key) {
    cached = { key, telemetry: new Telemetry(task.telemetry, task.actorCount), ops: task.opNames.map((n) => scenario.ops[n]!) };
  }
  return cached;
}

async function warmup(task: WarmupTask): Promise<void> {
  await scenarios(task.bundle);
  // Barrier: return only once every pool thread is up, so round 1 runs all
  // worker actors concurrently instead of queueing them on the first ready thread.
  const b = new Int32Array(task.barrier);
  Atomics.add(b, 0, 1);
  Atomics.notify(b, 0);
  const deadline = Date.now() + 10_000;
  for (let n = Atomics.load(b, 0); n < task.workers && Date.now() < deadline; n = Atomics.load(b, 0)) {
    Atomics.wait(b, 0, n, 50);
  }
}

export default async function run(task: WorkerTask | WarmupTask): Promise<ActorOutcome | void> {
  if ('warmup' in task) return warmup(task);
  const scenario = (await scenarios(task.bundle))[task.scenarioIndex]!;
  const { telemetry: t, ops } = scenarioState(task, scenario);
  const { actor } = task;
  setDefaultOwner(actor.id);
  // The watchdog finds this thread's inspector target by threadId.
  t.set(actor.id, A.THREAD, threadId);
  // Lock-wait statistics and failed tryLocks of this actor (this thread is the only
  // writer of its telemetry words, so waits on behalf of other owners are not counted).
  setMutexHooks({
    waitEnd: (id, ms) => {
      if (id === actor.id) t.recordLockWait(id, ms);
    },
    tryFailed: (id) => {
      if (id === actor.id) t.add(id, A.RETRIES);
    },
  });
  let view: unknown;
  const shared = reviveMutexes(task.shared);
  try {
    view = scenario.attach ? scenario.attach(shared) : shared;
  } catch (e) {
    const f = exceptionFinding(e);
    t.stop();
    return emptyOutcome(actor.id, task.opNames.length, [{ ...f, message: `attach() threw: ${f.message}`, actor: actor.id, op: -1 }]);
  }
  const seed = actorSeed(task.roundSeed, actor.id);
  seedMathRandom(seed);
  return runActor({
    telemetry: t,
    spec: actor,
    ops,
    view,
    checksum: makeChecksum(shared, view, scenario.checksum),
    prng: makePrng(seed),
    yieldFn: workerYield(makePrng(deriveSeed(seed, 'yield')), task.yieldOpts),
    round: task.round,
    roundSeed: task.roundSeed,
    collectResults: task.collectResults,
    onRingFull: () => t.waitForRoom(actor.id),
  });
}
