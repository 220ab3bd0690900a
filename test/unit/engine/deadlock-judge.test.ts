// The unwatched deadlock verdict of a shrink re-run (src/engine/deadlock-judge.ts):
// only structural evidence (a wait-for cycle, tasks nothing can wake) may fire, never
// a verdict that only time gives, and under control only once the controller has had
// nobody to release for a while.
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:net';
import { A, ActorState, Telemetry } from '../../../src/shm/telemetry.js';
import { Detector, type Decision } from '../../../src/watch/detector.js';
import type { Sample } from '../../../src/watch/sample.js';
import type { Finding } from '../../../src/result.js';
import { DeadlockJudge, QUIET_MS, STRUCTURAL, evidence, isStructural } from '../../../src/engine/deadlock-judge.js';
import { lasting } from '../../../src/watch/grade/loop-idle.js';
import { actor, mutex, sample, T0 } from '../watch/fixtures.js';

/** Feeds samples every 20 ms for `ms` through `gate`; returns every decision with the time it fired. */
function run(ms: number, at: (t: number) => Sample, gate: (s: Sample, t: number) => Sample = (s) => s): { t: number; d: Decision }[] {
  const d = new Detector(STRUCTURAL);
  const out: { t: number; d: Decision }[] = [];
  for (let t = 0; t <= ms; t += 20) for (const dec of d.step(gate(at(t), t))) out.push({ t, d: dec });
  return out;
}

const cycle = [mutex('A', 0, [1]), mutex('B', 1, [0])];
const tasks = () => [actor(0, { kind: 'task' }), actor(1, { kind: 'task' })];

describe('STRUCTURAL detector config', () => {
  it('gives none of the timing verdicts: a blocked loop, no progress, livelock, unfairness, an overrun', () => {
    const fired = run(10_000, (t) => sample(T0 + t, [
      actor(0, { spins: t }), // spins without completing: livelock by the default config
      actor(1, { ops: Math.floor(t / 5), lastDoneAt: T0 + t }), // the other progresses: unfair to actor 0
    ], { heartbeat: T0 })); // the main loop looks blocked all along
    expect(fired).toEqual([]);
  });

  it('still confirms a wait-for cycle and reports tasks nothing can wake', () => {
    expect(run(500, (t) => sample(T0 + t, tasks(), { mutexes: cycle })).map((f) => [f.t, f.d.type])).toEqual([[100, 'wait-cycle']]);
    expect(run(500, (t) => sample(T0 + t, tasks(), { loopIdleSince: t >= 40 ? T0 : 0 })).map((f) => [f.t, f.d.type])).toEqual([[40, 'loop-idle']]);
  });
});

describe('isStructural', () => {
  it('is true for wait-cycle and loop-idle only', () => {
    const all: Decision[] = [
      { type: 'main-stuck', blockedMs: 1, phase: 3, actors: [] }, { type: 'phase-stuck', phase: 2, forMs: 1 },
      { type: 'loop-blocked', blockedMs: 1 }, { type: 'wait-cycle', cycle: [] }, { type: 'loop-idle', actors: [0], forMs: 1 },
      { type: 'livelock', actors: [], spins: 1, windowMs: 1 }, { type: 'no-progress', actors: [], forMs: 1 },
      { type: 'unfair', actors: [], othersOps: 1, others: 1, windowMs: 1 }, { type: 'overrun', actors: [], pastMs: 1, computing: [] },
    ];
    expect(all.filter(isStructural).map((d) => d.type)).toEqual(['wait-cycle', 'loop-idle']);
  });
});

describe('evidence', () => {
  const s = sample(T0 + 500, tasks(), { loopIdleSince: T0, mutexes: [mutex('A', 0)] });

  it('passes a free-running round\'s sample as it is once nothing can wake the tasks', () => {
    expect(evidence(s, undefined)).toEqual(s);
  });

  it('takes a wait-for cycle only among tasks nothing can wake (a timer could still unlock for the owner)', () => {
    expect(run(1000, (t) => sample(T0 + t, tasks(), { mutexes: cycle }), (x) => evidence(x, undefined))).toEqual([]);
    // Once the loop is idle, the cycle's own confirmation starts.
    const later = run(1000, (t) => sample(T0 + t, tasks(), { mutexes: cycle, loopIdleSince: t >= 200 ? T0 + 100 : 0 }), (x) => evidence(x, undefined));
    expect(later.map((f) => [f.t, f.d.type])).toEqual([[300, 'wait-cycle']]);
  });

  it('under control shows nothing until the controller has had nobody to release for QUIET_MS', () => {
    expect(evidence(s, 0)).toMatchObject({ loopIdleSince: 0, mutexes: [] });
    expect(evidence(s, s.at - QUIET_MS + 1)).toMatchObject({ loopIdleSince: 0, mutexes: [] });
    expect(evidence(s, s.at - QUIET_MS)).toEqual(s);
  });

  it('a controller that had someone to release restarts the wait: no verdict while it keeps releasing', () => {
    // Quiet for 80 ms out of every 100: never QUIET_MS in a row.
    const quietSince = (t: number) => (t % 100 < 20 ? 0 : T0 + t - (t % 100) + 20);
    const fired = run(2000, (t) => sample(T0 + t, tasks(), { loopIdleSince: T0, mutexes: cycle }), (x, t) => evidence(x, quietSince(t)));
    expect(fired).toEqual([]);
  });

  it('prefers a wait-for cycle to "nothing can wake them" when both hold', () => {
    // The loop has been idle all along (tasks in a cycle are unwakeable too): the cycle still wins.
    const fired = run(500, (t) => sample(T0 + t, tasks(), { loopIdleSince: T0, mutexes: cycle }), (x) => evidence(x, undefined));
    expect(fired.map((f) => [f.t, f.d.type])).toEqual([[100, 'wait-cycle']]);
    // Without a cycle the idle loop is reported at once.
    const idle = run(500, (t) => sample(T0 + t, tasks(), { loopIdleSince: T0, mutexes: [mutex('A', 0, [1])] }), (x) => evidence(x, undefined));
    expect(idle.map((f) => [f.t, f.d.type])).toEqual([[0, 'loop-idle']]);
  });
});

describe('lasting', () => {
  it('keeps the handles a round holds throughout, not a timer or immediate about to fire', () => {
    expect(lasting(['PipeWrap', 'Immediate', 'MessagePort', 'Timeout', 'PipeWrap'])).toEqual(['PipeWrap', 'MessagePort', 'PipeWrap']);
  });
});

/** The live judges and servers of a test, ended after it. */
const judges: DeadlockJudge[] = [];
const servers: Server[] = [];
afterEach(() => {
  for (const j of judges.splice(0)) j.stop();
  for (const s of servers.splice(0)) s.close();
});

/** Waits with an unref'd timer: a ref'd one (vi.waitFor's) would be a wake-up source the judge must respect. */
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms).unref());

describe('DeadlockJudge on live telemetry', () => {
  function start(quiet?: () => boolean): { verdicts: Finding[] } {
    const t = Telemetry.create(2);
    t.resetRound(1, false);
    t.set(0, A.STATE, ActorState.RUNNING); // pending
    t.set(1, A.STATE, ActorState.DONE);
    const verdicts: Finding[] = [];
    const actors = [{ id: 0, name: 'task#1', kind: 'task' as const }, { id: 1, name: 'task#2', kind: 'task' as const }];
    judges.push(new DeadlockJudge({
      telemetry: t, actors, mutexes: [], baseline: process.getActiveResourcesInfo(), ...(quiet ? { quiet } : {}),
      context: { file: 'x.ts', opNames: ['op'], round: 1, roundSeed: 7, deadlockTimeoutMs: 2000, starvationThresholdMs: Infinity },
      onVerdict: (f) => verdicts.push(f),
    }));
    return { verdicts };
  }

  it('reports a pending task nothing can wake, once, as the watchdog words it', async () => {
    const { verdicts } = start();
    for (let i = 0; i < 100 && verdicts.length === 0; i++) await pause(50);
    await pause(200); // once: no second verdict
    expect(verdicts).toHaveLength(1);
    expect(verdicts[0]).toMatchObject({ kind: 'deadlock', check: 'deadlock', round: 1, roundSeed: 7, actors: [{ name: 'task#1', kind: 'task' }] });
    expect(verdicts[0]!.message).toContain('nothing can wake');
  });

  it('gives no verdict while I/O could still wake the task', async () => {
    const { verdicts } = start();
    // Made during the round: a wake-up source (a server, not a timer: vitest's own
    // timers come and go in the baseline, so a timer would test the multiset).
    const server = createServer().listen(0);
    servers.push(server);
    await pause(600);
    expect(verdicts).toEqual([]);
  });

  it('gives no verdict while the controller has someone to release', async () => {
    const { verdicts } = start(() => false);
    await pause(600);
    expect(verdicts).toEqual([]);
  });
});

describe('DeadlockJudge: worker actors asleep that no thread is left to notify', () => {
  /** worker#1 (id 0) and worker#2 (id 1), task#1 (id 2, done): `words` are the workers' SLEEP words, read live. */
  function start(words: number[], opts: { tasksParked?: () => number; quiet?: (id: number) => boolean; workerDone?: boolean } = {}) {
    const t = Telemetry.create(3);
    t.resetRound(1, false);
    t.set(0, A.STATE, ActorState.RUNNING);
    t.set(1, A.STATE, opts.workerDone ? ActorState.DONE : ActorState.RUNNING);
    t.set(2, A.STATE, ActorState.DONE);
    const verdicts: Finding[] = [];
    const actors = [
      { id: 0, name: 'worker#1', kind: 'worker' as const }, { id: 1, name: 'worker#2', kind: 'worker' as const }, { id: 2, name: 'task#1', kind: 'task' as const },
    ];
    judges.push(new DeadlockJudge({
      telemetry: t, actors, mutexes: [], baseline: process.getActiveResourcesInfo(),
      context: { file: 'x.ts', opNames: ['op'], round: 1, roundSeed: 7, deadlockTimeoutMs: 2000, starvationThresholdMs: Infinity },
      onVerdict: (f) => verdicts.push(f),
      sleep: { word: (id) => words[id]!, threadQuiet: opts.quiet ?? (() => true), own: () => [], tasksParked: opts.tasksParked ?? (() => 0) },
    }));
    return { verdicts };
  }

  it('reports every worker asleep, once, naming the sleepers', async () => {
    const { verdicts } = start([1, 3]);
    for (let i = 0; i < 40 && verdicts.length === 0; i++) await pause(50);
    await pause(200);
    expect(verdicts).toHaveLength(1);
    expect(verdicts[0]).toMatchObject({ kind: 'deadlock', check: 'deadlock', round: 1, actors: [{ name: 'worker#1' }, { name: 'worker#2' }] });
    expect(verdicts[0]!.message).toContain('sleep in Atomics.wait with no timeout');
  });

  it('counts a finished worker whose thread is quiet as unable to notify, and one whose thread is not as able', async () => {
    const quiet = start([1, 0], { workerDone: true });
    for (let i = 0; i < 40 && quiet.verdicts.length === 0; i++) await pause(50);
    expect(quiet.verdicts.map((f) => f.actors.map((a) => a.name))).toEqual([['worker#1']]);
    const loud = start([1, 0], { workerDone: true, quiet: () => false });
    await pause(600);
    expect(loud.verdicts).toEqual([]);
  });

  it('gives no verdict while a worker is awake, a task is parked, I/O is open on the main thread, or a sleeper keeps being woken', async () => {
    const awake = start([1, 2]); // worker#2 woke up and runs
    const parked = start([1, 3], { tasksParked: () => 1 });
    const words = [1, 3];
    const woken = start(words);
    const churn = setInterval(() => (words[0] = words[0]! + 2), 30).unref(); // woken and asleep again, every 30 ms (unref'd: no wake-up source)
    await pause(600);
    clearInterval(churn);
    expect([awake.verdicts, parked.verdicts, woken.verdicts]).toEqual([[], [], []]);
    const io = start([1, 3]);
    const server = createServer().listen(0);
    servers.push(server);
    await pause(600);
    expect(io.verdicts).toEqual([]);
  });
});
