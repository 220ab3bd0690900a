import { describe, expect, it } from 'vitest';
import { ActorState } from '../../../../src/shm/telemetry.js';
import { livelock, noProgressMs, pastOf, stuckFor, unfair, type Past } from '../../../../src/watch/grade/progress.js';
import { actor, mutex, sample, T0 } from '../fixtures.js';

/** Samples every 20 ms from T0 to T0 + ms, actor counters from `at(t)`. */
function history(ms: number, at: (t: number) => Parameters<typeof sample>[1], mutexesAt?: (t: number) => ReturnType<typeof mutex>[]): Past[] {
  const out: Past[] = [];
  for (let t = 0; t <= ms; t += 20) out.push(pastOf(sample(T0 + t, at(t), mutexesAt ? { mutexes: mutexesAt(t) } : {})));
  return out;
}

describe('noProgressMs', () => {
  it('is the time since the most recent completion of any unfinished actor', () => {
    const s = sample(T0 + 500, [actor(0, { lastDoneAt: T0 + 100 }), actor(1, { lastDoneAt: T0 + 300 })]);
    expect(noProgressMs(s)).toBe(200);
  });

  it('counts the completions of finished actors (a wait behind their ops is no stall), ignores not yet started ones, and is 0 when nobody is left', () => {
    const done = actor(0, { state: ActorState.DONE, lastDoneAt: T0 + 490 });
    const idle = actor(1, { state: ActorState.IDLE, lastDoneAt: T0 + 495 });
    const stuck = actor(2, { lastDoneAt: T0 });
    expect(noProgressMs(sample(T0 + 500, [done, idle, stuck]))).toBe(10);
    expect(noProgressMs(sample(T0 + 3000, [done, idle, stuck]))).toBe(2510);
    expect(noProgressMs(sample(T0 + 500, [idle, stuck]))).toBe(500);
    expect(noProgressMs(sample(T0 + 500, [done, idle]))).toBe(0);
  });

  it('stuckFor lists the unfinished actors waiting at least that long', () => {
    const s = sample(T0 + 1000, [actor(0, { lastDoneAt: T0 }), actor(1, { lastDoneAt: T0 + 900 }), actor(2, { state: ActorState.FAILED })]);
    expect(stuckFor(s, 500).map((a) => a.id)).toEqual([0]);
  });
});

describe('livelock', () => {
  it('fires when nobody completes an op for the window but actors keep yielding', () => {
    const spinning = (t: number) => [actor(0, { spins: t }), actor(1, { spins: 2 * t })];
    const h = history(1000, spinning);
    const l = livelock(sample(T0 + 1000, spinning(1000)), h, 1000);
    expect(l).toEqual({ actors: [0, 1], spins: 3000, windowMs: 1000 });
  });

  it('does not fire for blocked actors (no spins), nor when someone progressed', () => {
    const blocked = (_t: number) => [actor(0), actor(1)];
    expect(livelock(sample(T0 + 1000, blocked(1000)), history(1000, blocked), 1000)).toBeUndefined();
    const progressing = (t: number) => [actor(0, { spins: t, lastDoneAt: T0 + t }), actor(1, { spins: t })];
    expect(livelock(sample(T0 + 1000, progressing(1000)), history(1000, progressing), 1000)).toBeUndefined();
  });

  it('needs history covering the window', () => {
    const spinning = (t: number) => [actor(0, { spins: t })];
    expect(livelock(sample(T0 + 1000, spinning(1000)), history(1000, spinning).slice(30), 1000)).toBeUndefined();
  });
});

describe('unfair', () => {
  // worker#1 waits since T0; the others complete an op every 10 ms, until `until`.
  const world = (until: number) => (t: number) => [
    actor(0, { lastDoneAt: T0 }),
    actor(1, { ops: Math.floor(Math.min(t, until) / 10), lastDoneAt: T0 + Math.min(t, until) }),
    actor(2, { ops: Math.floor(Math.min(t, until) / 10), lastDoneAt: T0 + Math.min(t, until) }),
  ];

  it('names the actor that completed nothing while the others got on', () => {
    const w = world(Infinity);
    const u = unfair(sample(T0 + 1000, w(1000)), history(1000, w), 1000);
    expect(u).toEqual({ actors: [0], othersOps: 200, others: 2, windowMs: 1000 });
  });

  it('is not starvation when the others stopped too (that is a deadlock in the making)', () => {
    const w = world(500);
    expect(unfair(sample(T0 + 1000, w(1000)), history(1000, w), 1000)).toBeUndefined();
  });

  it('is queueing, not starvation, when the others completed only a few slow ops each', () => {
    const slow = (t: number) => [actor(0, { lastDoneAt: T0 }), actor(1, { ops: Math.floor(t / 100), lastDoneAt: T0 + t })];
    expect(unfair(sample(T0 + 1000, slow(1000)), history(1000, slow), 1000)).toBeUndefined();
  });

  it('is not starvation when the actor\'s thread had a callback of the scenario\'s pending (its own slow op), unless it spins or waits on a lock', () => {
    const busy = (t: number) => world(Infinity)(t).map((a) => (a.id === 0 ? { ...a, loopWaitAt: T0 + t } : a));
    expect(unfair(sample(T0 + 1000, busy(1000)), history(1000, busy), 1000)).toBeUndefined();
    const spinning = (t: number) => busy(t).map((a) => (a.id === 0 ? { ...a, spins: t } : a));
    expect(unfair(sample(T0 + 1000, spinning(1000)), history(1000, spinning), 1000)?.actors).toEqual([0]);
  });

  it('is not starvation when the actor\'s thread computed in the window (its own 1.5 s hash), unless it spins', () => {
    const computing = (t: number) => world(Infinity)(t).map((a) => (a.id === 0 ? { ...a, busyAt: T0 + t - (t % 250) } : a));
    expect(unfair(sample(T0 + 1000, computing(1000)), history(1000, computing), 1000)).toBeUndefined();
    const spinning = (t: number) => computing(t).map((a) => (a.id === 0 ? { ...a, spins: t } : a));
    expect(unfair(sample(T0 + 1000, spinning(1000)), history(1000, spinning), 1000)?.actors).toEqual([0]);
  });

  it('a SharedMutex waiter is starved when the lock went to others again and again in the window, not behind one slow holder', () => {
    // Actor 0 waits in L all along; actors 1 and 2 complete an op every 10 ms.
    const w = world(Infinity);
    const held = (t: number) => [mutex('L', t < 300 ? 2 : 1, [0])];
    const passed = (t: number) => [mutex('L', Math.floor(t / 200) % 2 === 0 ? 1 : 2, [0])];
    expect(unfair(sample(T0 + 1000, w(1000), { mutexes: held(1000) }), history(1000, w, held), 1000)).toBeUndefined();
    expect(unfair(sample(T0 + 1000, w(1000), { mutexes: passed(1000) }), history(1000, w, passed), 1000)?.actors).toEqual([0]);
  });

  it('waits for the window to pass', () => {
    const w = world(Infinity);
    expect(unfair(sample(T0 + 900, w(900)), history(900, w), 1000)).toBeUndefined();
  });
});
