import { describe, expect, it } from 'vitest';
import { ActorState } from '../../../src/shm/telemetry.js';
import { Phase } from '../../../src/shm/control.js';
import { Detector, configFor, isTerminal, type Decision } from '../../../src/watch/detector.js';
import type { Sample } from '../../../src/watch/sample.js';
import { actor, mutex, sample, T0 } from './fixtures.js';

const cfg = configFor(2000, 200, true);

/** Feeds samples every 20 ms for `ms`; returns every decision with the time it fired. */
function run(d: Detector, ms: number, at: (t: number) => Sample): { t: number; d: Decision }[] {
  const out: { t: number; d: Decision }[] = [];
  for (let t = 0; t <= ms; t += 20) for (const dec of d.step(at(t))) out.push({ t, d: dec });
  return out;
}

describe('configFor', () => {
  it('derives the fairness/livelock window from the deadlock timeout', () => {
    expect(cfg).toMatchObject({ deadlockTimeoutMs: 2000, starvationThresholdMs: 200, windowMs: 1000, slowPhaseMs: 5000, bail: true });
  });
});

describe('Detector', () => {
  it('reports a blocked main loop once per round at the threshold, then the blocked main thread at the deadlock timeout', () => {
    const d = new Detector(cfg);
    const fired = run(d, 3000, (t) => sample(T0 + t, [actor(0, { lastDoneAt: T0 + t })], { heartbeat: T0 }));
    expect(fired.map((f) => [f.t, f.d.type])).toEqual([[200, 'loop-blocked'], [2000, 'main-stuck']]);
    expect(isTerminal(fired[1]!.d)).toBe(true);
  });

  it('judges setup and checks by the deadlock timeout, racecheck\'s own phases by the slow-phase limit', () => {
    const setup = run(new Detector(cfg), 2500, (t) => sample(T0 + t, [], { phase: Phase.SETUP, heartbeat: T0 }));
    expect(setup.map((f) => [f.t, f.d.type])).toEqual([[2000, 'main-stuck']]);
    const engine = run(new Detector(cfg), 5500, (t) => sample(T0 + t, [], { phase: Phase.ENGINE, heartbeat: T0 }));
    expect(engine.map((f) => [f.t, f.d.type])).toEqual([[5000, 'main-stuck']]);
  });

  it('reports a setup that awaits forever, with nothing left that could wake it, at the deadlock timeout', () => {
    const fired = run(new Detector(cfg), 2500, (t) => sample(T0 + t, [], { phase: Phase.SETUP, loopIdleSince: T0 + 100 }));
    expect(fired.map((f) => [f.t, f.d.type])).toEqual([[2000, 'phase-stuck']]);
    expect(fired[0]!.d).toMatchObject({ idle: true });
  });

  it('lets a slow setup or check that can still be woken run to the budget and its grace (a replay: to the slow-phase limit)', () => {
    const budget = configFor(2000, 200, true, T0 + 4000, 2000);
    for (const phase of [Phase.SETUP, Phase.CHECKS]) {
      const fired = run(new Detector(budget), 7000, (t) => sample(T0 + t, [], { phase }));
      expect(fired.map((f) => [f.t, f.d.type])).toEqual([[6000, 'phase-stuck']]);
      expect(fired[0]!.d).toMatchObject({ idle: false });
    }
    const replay = run(new Detector(cfg), 6000, (t) => sample(T0 + t, [], { phase: Phase.SETUP }));
    expect(replay.map((f) => [f.t, f.d.type])).toEqual([[5000, 'phase-stuck']]);
  });

  it('reports a wait-for cycle once it held, unchanged, for the confirmation time', () => {
    const d = new Detector(cfg);
    const fired = run(d, 1000, (t) => sample(T0 + t, [actor(0), actor(1)], {
      mutexes: t >= 100 ? [mutex('A', 0, [1]), mutex('B', 1, [0])] : [],
    }));
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({ t: 200, d: { type: 'wait-cycle' } });
  });

  it('restarts the confirmation when a cycle member completes an op', () => {
    const d = new Detector(cfg);
    const fired = run(d, 400, (t) => sample(T0 + t, [actor(0, { ops: t < 80 ? 0 : 1 }), actor(1)], {
      mutexes: [mutex('A', 0, [1]), mutex('B', 1, [0])],
    }));
    expect(fired[0]?.t).toBe(180);
  });

  it('reports a loop-only deadlock as soon as the main thread says nothing can wake the tasks', () => {
    const d = new Detector(cfg);
    const tasks = [actor(0, { kind: 'task' }), actor(1, { kind: 'task', state: ActorState.DONE })];
    const fired = run(d, 200, (t) => sample(T0 + t, tasks, { loopIdleSince: t >= 60 ? T0 + 20 : 0 }));
    expect(fired).toEqual([{ t: 60, d: { type: 'loop-idle', actors: [0], forMs: 40 } }]);
  });

  it('tells livelock (spinning) from deadlock (blocked) by the spins', () => {
    const spin = run(new Detector(cfg), 2500, (t) => sample(T0 + t, [actor(0, { spins: t }), actor(1, { spins: t })]));
    expect(spin.map((f) => [f.t, f.d.type])).toEqual([[1000, 'livelock']]);
    const block = run(new Detector(cfg), 2500, (t) => sample(T0 + t, [actor(0), actor(1)]));
    expect(block.map((f) => [f.t, f.d.type])).toEqual([[2000, 'no-progress']]);
  });

  it('reports starvation while the others progress, and stops judging the round after a finding (bail)', () => {
    const d = new Detector(cfg);
    const fired = run(d, 4000, (t) => sample(T0 + t, [
      actor(0),
      actor(1, { ops: Math.floor(t / 5), lastDoneAt: T0 + t }),
    ], { heartbeat: t > 1500 ? T0 + 1500 : T0 + t }));
    expect(fired.map((f) => f.d.type)).toEqual(['unfair', 'main-stuck']);
  });

  it('keeps judging after a finding without bail, each kind once per round, afresh in the next round', () => {
    const d = new Detector(configFor(2000, 200, false));
    const blocked = (t: number, round: number) => sample(T0 + t, [actor(0, { lastDoneAt: T0 + t })], {
      round, heartbeat: t % 1000 < 500 ? T0 + t : T0 + t - (t % 1000) + 500,
    });
    const fired = run(d, 1900, (t) => blocked(t, 1)).map((f) => f.d.type);
    expect(fired).toEqual(['loop-blocked']);
    expect(run(d, 1900, (t) => blocked(t + 2000, 2)).map((f) => f.d.type)).toEqual(['loop-blocked']);
  });

  it('forget() lets a loop-blocked episode be judged again (nothing to blame the first time)', () => {
    const d = new Detector(cfg);
    const s = (t: number, beat: number) => sample(T0 + t, [actor(0, { lastDoneAt: T0 + t })], { heartbeat: T0 + beat });
    expect(d.step(s(300, 0)).map((x) => x.type)).toEqual(['loop-blocked']);
    d.forget('loop-blocked');
    expect(d.step(s(320, 0))).toEqual([]); // same episode: the same heartbeat
    expect(d.step(s(900, 600)).map((x) => x.type)).toEqual(['loop-blocked']);
  });

  it('a loaded machine raises the bar: a stall within threshold plus the watchdog\'s own lateness is no block', () => {
    const d = new Detector(cfg);
    const s = (t: number) => sample(T0 + t, [actor(0, { lastDoneAt: T0 + t })], { heartbeat: T0 });
    expect(d.step(s(300), 150)).toEqual([]); // 300 ms < threshold + 150 ms of noise
    expect(d.step(s(340), 150)).toEqual([]);
    expect(d.step(s(400), 150).map((x) => x.type)).toEqual(['loop-blocked']); // the block kept growing
  });
});

describe('Detector: the budget and its grace', () => {
  it('reports an op still running a grace after the budget as an overrun, not a deadlock', () => {
    // Grace shorter than the deadlock timeout, so no all-stuck evidence exists yet.
    const d = new Detector(configFor(2000, 200, true, T0 + 500, 1000));
    const fired = run(d, 1900, (t) => sample(T0 + t, [actor(0, { opStartedAt: T0, lastDoneAt: T0 })]));
    expect(fired.map((f) => [f.t, f.d.type])).toEqual([[1500, 'overrun']]);
    expect(fired[0]!.d).toMatchObject({ actors: [0], pastMs: 1000 });
    expect(isTerminal(fired[0]!.d)).toBe(true);
  });

  it('no no-progress deadlock while a callback of the scenario is pending on the actor\'s thread; it fires a timeout after the last one', () => {
    // A timer pending (stamped every 100 ms) until 1500 ms, then nothing: slow until then,
    // and stuck only once a whole timeout passed with nothing pending.
    const stamp = (t: number) => (t <= 1500 ? T0 + t - (t % 100) : T0 + 1500);
    const fired = run(new Detector(cfg), 4000, (t) => sample(T0 + t, [actor(0, { loopWaitAt: stamp(t) })]));
    expect(fired.map((f) => [f.t, f.d.type])).toEqual([[3500, 'no-progress']]);
    // Pending all along: the grace past the budget judges it, an overrun.
    const d = new Detector(configFor(2000, 200, true, T0 + 3000, 2000));
    const slow = run(d, 6000, (t) => sample(T0 + t, [actor(0, { loopWaitAt: T0 + t - (t % 100) })]));
    expect(slow.map((f) => [f.t, f.d.type])).toEqual([[5000, 'overrun']]);
  });

  it('no no-progress deadlock while an unfinished worker\'s thread computes; it fires a timeout after it stopped, and an op that computes on is an overrun that says so', () => {
    // Stamped F.BUSY every 250 ms until 1500 ms (a hash on a shared core), then asleep.
    const stamp = (t: number) => (t <= 1500 ? T0 + t - (t % 250) : T0 + 1500);
    const fired = run(new Detector(cfg), 4000, (t) => sample(T0 + t, [actor(0, { busyAt: stamp(t) }), actor(1)]));
    expect(fired.map((f) => [f.t, f.d.type])).toEqual([[3500, 'no-progress']]);
    // A finished actor's thread computing does not hold it off (its op is done).
    const done = run(new Detector(cfg), 2500, (t) => sample(T0 + t, [actor(0), actor(1, { state: ActorState.DONE, ops: 1, busyAt: T0 + t })]));
    expect(done.map((f) => [f.t, f.d.type])).toEqual([[2000, 'no-progress']]);
    // Computing all along: two graces past the budget judge it (one more than an op
    // that does not compute), and the overrun names who computed.
    const d = new Detector(configFor(2000, 200, true, T0 + 3000, 2000));
    const slow = run(d, 8000, (t) => sample(T0 + t, [actor(0, { busyAt: T0 + t - (t % 250) }), actor(1)]));
    expect(slow.map((f) => [f.t, f.d.type])).toEqual([[7000, 'overrun']]);
    expect(slow[0]!.d).toMatchObject({ actors: [0, 1], computing: [0] });
    // It stopped computing at 5500: reported once its last stamp is no longer "now" (1.2 s), a grace after the budget being past.
    const stopped = run(new Detector(configFor(2000, 200, true, T0 + 3000, 2000)), 8000, (t) => sample(T0 + t, [actor(0, { busyAt: Math.min(T0 + t - (t % 250), T0 + 5500) })]));
    expect(stopped.map((f) => [f.t, f.d.type])).toEqual([[6700, 'overrun']]);
  });

  it('a computing thread does not hold the livelock rule off (a spinner computes by definition)', () => {
    const spinning = run(new Detector(cfg), 1500, (t) => sample(T0 + t, [actor(0, { spins: t, busyAt: T0 + t }), actor(1, { spins: t, busyAt: T0 + t })]));
    expect(spinning.map((f) => f.d.type)).toContain('livelock');
  });

  it('no livelock while a callback of the scenario is pending on an unfinished actor\'s thread (a spinner waiting for a slow producer)', () => {
    const waiting = run(new Detector(cfg), 1500, (t) => sample(T0 + t, [actor(0, { spins: t }), actor(1, { loopWaitAt: T0 + t })]));
    expect(waiting.map((f) => f.d.type)).not.toContain('livelock');
  });

  it('a retracted main-stuck (no evidence yet) leaves the round judged, and fires again while the block lasts', () => {
    const d = new Detector(cfg);
    const stale = (t: number) => sample(T0 + t, [actor(0)], { heartbeat: T0 });
    expect(d.step(stale(2000)).map((x) => x.type)).toEqual(['main-stuck']);
    expect(d.done).toBe(true);
    d.retract('main-stuck');
    expect(d.done).toBe(false);
    expect(d.step(stale(2020)).map((x) => x.type)).toEqual(['main-stuck']);
  });

  it("a finished actor's thread with a callback pending holds the no-progress rule off too (a flush timer that wakes the waiter)", () => {
    // Actor 1 finished at T0 and left a timer on its thread, stamped until 1500 ms.
    const stamp = (t: number) => (t <= 1500 ? T0 + t - (t % 100) : T0 + 1500);
    const fired = run(new Detector(cfg), 4000, (t) => sample(T0 + t, [actor(0), actor(1, { state: ActorState.DONE, ops: 1, loopWaitAt: stamp(t) })]));
    expect(fired.map((f) => [f.t, f.d.type])).toEqual([[3500, 'no-progress']]);
    expect(fired[0]!.d).toMatchObject({ actors: [0] });
  });

  it('after the budget, judges a stuck op by the grace, not by the no-progress timeout', () => {
    const d = new Detector(configFor(2000, 200, true, T0 + 500, 2000));
    const fired = run(d, 3000, (t) => sample(T0 + t, [actor(0, { opStartedAt: T0, lastDoneAt: T0 })]));
    expect(fired.map((f) => [f.t, f.d.type])).toEqual([[2500, 'overrun']]);
  });

  it('no overrun when the budget\'s cut stopped an actor with ops left: what runs may wait for it', () => {
    const d = new Detector(configFor(2000, 200, true, T0 + 500, 1000));
    const fired = run(d, 3000, (t) => sample(T0 + t, [
      actor(0, { opStartedAt: T0, lastDoneAt: T0 }),
      actor(1, { state: ActorState.DONE, lastDoneAt: T0 + 400, cut: true }),
    ]));
    expect(fired).toEqual([]);
  });

  it('after a cut, loop tasks left waiting are no loop-idle deadlock (the cut stopped whoever would wake them)', () => {
    const d = new Detector(configFor(2000, 200, true, T0 + 500, 1000));
    const fired = run(d, 3000, (t) => sample(T0 + t, [
      actor(0, { kind: 'task', opStartedAt: T0, lastDoneAt: T0 }),
      actor(1, { kind: 'task', state: ActorState.DONE, lastDoneAt: T0 + 400, cut: true }),
    ], { loopIdleSince: T0 + 600 }));
    expect(fired).toEqual([]);
    // The same without the cut is the loop-idle deadlock.
    const plain = run(new Detector(configFor(2000, 200, true, T0 + 500, 1000)), 3000, (t) => sample(T0 + t, [
      actor(0, { kind: 'task', opStartedAt: T0, lastDoneAt: T0 }),
      actor(1, { kind: 'task', state: ActorState.DONE, lastDoneAt: T0 + 400 }),
    ], { loopIdleSince: T0 + 600 }));
    expect(plain.map((f) => f.d.type)).toContain('loop-idle');
  });

  it('reports nothing for a slow op that ends within the grace', () => {
    const d = new Detector(configFor(2000, 200, true, T0 + 500, 1000));
    const fired = run(d, 3000, (t) => sample(T0 + t, [actor(0, t < 1400 ? { lastDoneAt: T0 } : { state: ActorState.DONE, lastDoneAt: T0 + 1400 })]));
    expect(fired).toEqual([]);
  });
});
