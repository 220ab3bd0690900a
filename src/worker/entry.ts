// piscina worker: one task per worker actor and scenario (a session, engine/crew.ts).
// The thread imports the scenario bundle once, then runs the actor's rounds as they
// arrive on the session's port, its event loop turning between them (late timers of
// an op still fire there). Only plain data crosses (see engine/protocol.ts).
import { pathToFileURL } from 'node:url';
import { threadId } from 'node:worker_threads';
import type { Scenario } from '../scenario/types.js';
import { scenariosOf } from '../scenario/validate.js';
import type { ActorOutcome, FromActor, RoundOrder, SessionBase, SessionTask, ToActor } from '../engine/protocol.js';
import { A, ActorState, CTRL, F, Telemetry, epochNow } from '../shm/telemetry.js';
import { emptyOutcome, exceptionFinding, runActor } from '../engine/actor.js';
import { makeChecksum } from '../check/checksum.js';
import { actorStreams, seedMathRandom } from '../sched/prng.js';
import { workerYield } from '../sched/yield.js';
import { WorkerGate, markSleeps } from '../sched/worker-gate.js';
import type { TraceEvent } from '../sched/trace.js';
import { installWaitHooks } from '../sched/wait-hooks.js';
import { Gate } from '../shm/gate.js';
import { reviveMutexes, setDefaultOwner, setMutexHooks, setMutexIdCounter } from '../primitives/shared-mutex.js';
import { installThreadErrors, taskEnded, taskStarted } from '../engine/thread-errors.js';
import { leftBehind, pendingHere, watchForSettle } from '../engine/settle.js';
import { ownThreadsMayNotify, unrefOwn } from '../watch/wake-sources.js';
import { ownTid } from '../thread-state.js';

process.setSourceMapsEnabled(true);
installThreadErrors();
watchForSettle(() => true, { lazy: true }); // before the scenario is imported
installWaitHooks(); // so is this: a reference the scenario keeps to Atomics.wait(Async) is the hooked one

/** Resource types of racecheck's own on this thread beside the baseline: the session's port. */
const OWN = ['MessagePort'];
/** How often a running actor's thread stamps F.LOOP_WAIT (watch/grade/progress.ts waitingOnLoop). */
const LOOP_WAIT_MS = 100;

/** Each actor's stamping timer on this thread, and the round it stamps for (stampLoopWait). */
const stamping = new Map<number, { timer: NodeJS.Timeout; round: number }>();

/**
 * An op awaiting a slow timer or request of its own is slow, not stuck: the thread says
 * so while something of the scenario's is pending here (a thread blocked in
 * Atomics.wait or a loop runs no timer: no stamp). It keeps saying so after the actor's
 * ops, until the round is over: a timer an op armed before it returned (a deferred
 * flush) may be what another actor waits for. One timer per actor for its whole session
 * (a timer made and cleared every round was a tenth of a short threaded round's time).
 */
function stampLoopWait(t: Telemetry, id: number, round: number): void {
  const s = stamping.get(id);
  if (s) {
    s.round = round;
    return;
  }
  const entry = { round, timer: undefined as unknown as NodeJS.Timeout };
  entry.timer = unrefOwn(setInterval(() => {
    if (Atomics.load(t.i32, CTRL.ROUND) === entry.round && pendingHere(OWN)) t.setF(id, F.LOOP_WAIT, epochNow());
  }, LOOP_WAIT_MS));
  stamping.set(id, entry);
}

function stopStamping(id: number): void {
  clearInterval(stamping.get(id)?.timer);
  stamping.delete(id);
}

const modules = new Map<string, Promise<Scenario[]>>();
/**
 * A pool serves one scenario, so its telemetry, op list and transition call sites
 * (engine/actor.ts) are built once per thread (each task's SharedArrayBuffer is a
 * fresh clone object: it cannot be the cache key).
 */
let cached: { key: string; telemetry: Telemetry; ops: Scenario['ops'][string][]; transitionSites: Map<string, string> } | undefined;

function scenarios(bundle: string): Promise<Scenario[]> {
  let p = modules.get(bundle);
  if (!p) {
    p = import(pathToFileURL(bundle).href).then((m) => scenariosOf(bundle, m));
    modules.set(bundle, p);
  }
  return p;
}

function scenarioState(task: SessionBase, scenario: Scenario) {
  const key = `${task.bundle}#${task.scenarioIndex}`;
  if (cached?.key !== key) {
    cached = { key, telemetry: new Telemetry(task.telemetry, task.actorCount), ops: task.opNames.map((n) => scenario.ops[n]!), transitionSites: new Map() };
  }
  return cached;
}

/**
 * The actor's session: 'ready' once the bundle is imported (the crew waits for every
 * thread, so round 1 runs all worker actors at once), then one outcome per round
 * order, in order, until 'end'. Rejects only if the bundle cannot be imported.
 */
export default async function session(task: SessionTask): Promise<void> {
  await scenarios(task.bundle);
  const { port, session: _, ...base } = task;
  const post = (m: FromActor) => port.postMessage(m);
  await new Promise<void>((resolve) => {
    let queue = Promise.resolve();
    port.on('message', (m: ToActor) => {
      if (m.type === 'end') {
        queue.then(() => {
          stopStamping(base.actor.id);
          port.close();
          resolve();
        }, resolve);
        return;
      }
      queue = queue.then(async () => {
        let outcome: ActorOutcome;
        try {
          // The session's part and the round's, apart: a spread of the two into one task
          // object took V8's slow path on every cloned order (measured: with 8 worker
          // actors of one trivial op, 10.1k rounds in 3 s without it, 6.7k with it).
          outcome = await runTask(base, m, (events) => post({ type: 'trace', round: m.round, events }));
        } catch (e) {
          const f = exceptionFinding(e);
          outcome = emptyOutcome(base.actor.id, base.opNames.length, [{ ...f, check: 'uncaught', message: `worker thread failed: ${f.message}`, actor: base.actor.id, op: -1 }]);
        }
        post({ type: 'outcome', round: m.round, outcome });
      });
    });
    post({ type: 'ready' });
  });
}

/**
 * The actor's scenario code on this thread (attach, its ops) sees a Math.random seeded
 * for this actor and round; the thread's own code between tasks sees the one before.
 */
async function runTask(base: SessionBase, task: RoundOrder, sendTrace: (events: TraceEvent[]) => void): Promise<ActorOutcome> {
  const streams = actorStreams(task.roundSeed, base.actor.id);
  const restore = seedMathRandom(streams.seed);
  try {
    return await runSeeded(base, task, streams, sendTrace);
  } finally {
    restore();
  }
}

async function runSeeded(base: SessionBase, task: RoundOrder, streams: ReturnType<typeof actorStreams>, sendTrace: (events: TraceEvent[]) => void): Promise<ActorOutcome> {
  const scenario = (await scenarios(base.bundle))[base.scenarioIndex]!;
  const { telemetry: t, ops, transitionSites } = scenarioState(base, scenario);
  const { actor } = base;
  setDefaultOwner(actor.id);
  // Locks this thread makes draw ids from the run's shared counter: unique across threads.
  setMutexIdCounter(t.i32, CTRL.MUTEX_IDS);
  // The watchdog finds this thread's inspector target by threadId.
  t.set(actor.id, A.THREAD, threadId);
  // ... and reads its CPU time by kernel thread id (watch/compute.ts).
  t.set(actor.id, A.TID, ownTid() ?? 0);
  // Lock-wait statistics and failed tryLocks of this actor (this thread is the only
  // writer of its telemetry words, so waits on behalf of other owners are not counted).
  // A controlled round: this actor parks at its scheduling points (sched/worker-gate.ts).
  const gated = task.controlled ? new WorkerGate(new Gate(base.gate), actor.id, () => t.stopped, ownThreadsMayNotify, sendTrace) : undefined;
  setMutexHooks({
    waitStart: gated ? (id: number) => {
      if (id === actor.id) void gated.blocked('lock');
    } : undefined,
    waitEnd: (id, ms) => {
      if (id !== actor.id) return;
      t.recordLockWait(id, ms);
      gated?.acquired();
    },
    tryFailed: (id) => {
      if (id === actor.id) t.add(id, A.RETRIES);
    },
  });
  let view: unknown;
  const shared = reviveMutexes(task.shared);
  if (scenario.attach) {
    // attach() is the scenario's code on this thread: an actor inside it counts as
    // running (the no-progress check sees it, with its stack) and says where it is.
    t.set(actor.id, A.STATE, ActorState.RUNNING);
    t.setF(actor.id, F.LAST_DONE, epochNow());
    t.setLabel(actor.id, 'in attach()');
  }
  try {
    view = scenario.attach ? scenario.attach(shared) : shared;
  } catch (e) {
    const f = exceptionFinding(e);
    t.stop();
    return emptyOutcome(actor.id, base.opNames.length, [{ ...f, message: `attach() threw: ${f.message}`, actor: actor.id, op: -1 }]);
  }
  taskStarted({ scenarioIndex: base.scenarioIndex, bundle: base.bundle, actor: actor.id, round: task.round, roundSeed: task.roundSeed, onError: () => t.stop() });
  const unwatch = gated?.watchWaits() ?? (task.marksSleeps ? markSleeps(new Gate(base.gate), actor.id, ownThreadsMayNotify) : undefined);
  stampLoopWait(t, actor.id, task.round);
  const outcome = await runActor({
    telemetry: t,
    spec: actor,
    ops,
    view,
    checksum: makeChecksum(shared, view, scenario.checksum),
    prng: streams.prng,
    yieldFn: gated ? gated.yieldFn : workerYield(streams.yields, task.yieldOpts),
    sched: gated,
    round: task.round,
    roundSeed: task.roundSeed,
    opsPerRound: task.opsPerRound,
    deadline: task.deadline,
    endBy: task.endBy,
    collectResults: task.collectResults,
    onRingFull: () => t.waitForRoom(actor.id),
    transitionSites,
  }).finally(() => unwatch?.());
  if (gated) outcome.trace = gated.trace();
  // Timers and rejections the ops left behind run now and are this actor's.
  outcome.findings.push(...(await taskEnded()));
  outcome.left = leftBehind(OWN);
  return outcome;
}
