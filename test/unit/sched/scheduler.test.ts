import { describe, expect, it } from 'vitest';
import { makePrng } from '../../../src/sched/prng.js';
import { pct } from '../../../src/sched/pct.js';
import { randomWalk } from '../../../src/sched/random-walk.js';
import { formatSchedule, otherReplayFormat, OTHER_FORMAT_HINT, parseSchedule, Portfolio, REPLAY_FORMAT } from '../../../src/sched/schedule.js';
import { LoopControl } from '../../../src/sched/loop-control.js';
import type { Scheduler } from '../../../src/sched/scheduler.js';

const ids = [0, 1, 2, 3];

function decisions(make: () => Scheduler, steps: number): number[] {
  const s = make();
  return Array.from({ length: steps }, () => s.next(ids));
}

describe('strategies', () => {
  it('are pure functions of their seed', () => {
    expect(decisions(() => pct(makePrng(5), ids, 3, 40), 40)).toEqual(decisions(() => pct(makePrng(5), ids, 3, 40), 40));
    expect(decisions(() => randomWalk(makePrng(5)), 40)).toEqual(decisions(() => randomWalk(makePrng(5)), 40));
    expect(decisions(() => randomWalk(makePrng(5)), 40)).not.toEqual(decisions(() => randomWalk(makePrng(6)), 40));
  });

  it('pct at depth 1 always runs the same highest-priority actor', () => {
    expect(new Set(decisions(() => pct(makePrng(9), ids, 1, 50), 50)).size).toBe(1);
  });

  it('pct at depth d switches the running actor at most d-1 times', () => {
    for (let seed = 0; seed < 50; seed++) {
      const d = decisions(() => pct(makePrng(seed), ids, 3, 30), 30);
      const switches = d.filter((x, i) => i > 0 && x !== d[i - 1]).length;
      expect(switches).toBeLessThanOrEqual(2);
    }
  });

  it('pct drops a stalled actor below every other', () => {
    const s = pct(makePrng(1), ids, 1, 10);
    const top = s.next(ids);
    s.stalled(top);
    expect(s.next(ids)).not.toBe(top);
  });
});

describe('schedule tokens', () => {
  it('round-trip', () => {
    for (const s of [{ strategy: 'mix' }, { strategy: 'random' }, { strategy: 'pct', depth: 3, steps: 412 }] as const) {
      expect(parseSchedule(formatSchedule(s))).toEqual(s);
    }
  });
  it('carry the replay format version', () => {
    expect(formatSchedule({ strategy: 'pct', depth: 3, steps: 412 })).toBe(`v${REPLAY_FORMAT}:pct:3:412`);
    expect(formatSchedule({ strategy: 'mix' })).toBe(`v${REPLAY_FORMAT}:mix`);
  });
  it('name what was expected', () => {
    expect(parseSchedule('v2:pct:3')).toBe('expected a replay format 2 token: v2:mix, v2:random or v2:pct:DEPTH:STEPS (e.g. v2:pct:3:400), got "v2:pct:3"');
    expect(parseSchedule('bogus')).toMatch(/^expected a replay format 2 token: .* got "bogus"$/);
    expect(parseSchedule('v2:bogus')).toMatch(/^expected a replay format 2 token: .* got "v2:bogus"$/);
  });
  it('refuse a token of another replay format in one line, naming both formats', () => {
    // Format 1 tokens had no version: they replayed rounds seeded another way.
    for (const [token, format] of [['pct:3:412', 1], ['mix', 1], ['random', 1], ['v1:mix', 1], ['v3:pct:2:9', 3]] as const) {
      expect(otherReplayFormat(token)).toBe(format);
      const e = parseSchedule(token);
      expect(e).toBe(`"${token}" is a replay of format ${format}, ${OTHER_FORMAT_HINT}`);
      expect(e).not.toContain('\n');
    }
    expect(otherReplayFormat('v2:mix')).toBeUndefined();
    expect(otherReplayFormat('bogus')).toBeUndefined();
  });
});

describe('the auto portfolio', () => {
  it('keeps mix rounds, reaches pct depth 3, and uses the mean step count', () => {
    const p = new Portfolio({ scheduler: 'auto', controllable: 4, initialSteps: 100 });
    const rounds = Array.from({ length: 12 }, (_, i) => p.forRound(i + 1));
    expect(rounds.filter((r) => r.strategy === 'mix').length).toBeGreaterThanOrEqual(3);
    expect(rounds.some((r) => r.strategy === 'pct' && r.depth === 3)).toBe(true);
    expect(rounds.some((r) => r.strategy === 'random')).toBe(true);
    p.observe(10);
    p.observe(30);
    expect(p.estimate()).toBe(20);
  });
  it('stays mix when fewer than two actors can be ordered', () => {
    const p = new Portfolio({ scheduler: 'auto', controllable: 1, initialSteps: 100 });
    for (let r = 1; r < 10; r++) expect(p.forRound(r).strategy).toBe('mix');
  });
});

describe('LoopControl', () => {
  it('releases one parked task at a time and replays the same order', async () => {
    const run = async (seed: number) => {
      const order: string[] = [];
      const c = new LoopControl(randomWalk(makePrng(seed)), [0, 1, 2], () => false);
      await Promise.all([0, 1, 2].map(async (id) => {
        for (let i = 0; i < 5; i++) {
          await c.park(id, 'y', true);
          order.push(`${id}.${i}`);
        }
        c.finish(id);
      }));
      return { order, steps: c.steps };
    };
    const a = await run(3);
    expect(a.steps).toBe(15);
    expect(await run(3)).toEqual(a);
    expect((await run(4)).order).not.toEqual(a.order);
  });

  it('does not hang pct on a task spinning for a flag another task sets', async () => {
    let ready = false;
    const c = new LoopControl(pct(makePrng(2), [0, 1], 1, 10), [0, 1], () => false);
    const spinner = (async () => {
      while (!ready) await c.park(0, 'waiting for ready', true);
      c.finish(0);
    })();
    const setter = (async () => {
      await c.park(1, 'before set', true);
      ready = true;
      c.finish(1);
    })();
    await Promise.all([spinner, setter]);
    expect(ready).toBe(true);
  });

  it('releases a parked task when the others wait on something else', async () => {
    const c = new LoopControl(randomWalk(makePrng(1)), [0, 1], () => false);
    let unlock!: () => void;
    const lock = new Promise<void>((r) => (unlock = r));
    await Promise.all([
      (async () => {
        await c.park(0, 'holding the lock', true);
        unlock();
        c.finish(0);
      })(),
      (async () => {
        await lock; // not parked: waiting on task 0
        c.finish(1);
      })(),
    ]);
    expect(c.steps).toBe(1);
  });

  it('records the step during which a released task held the main thread (a blocked loop\'s trace ends there)', async () => {
    const c = new LoopControl(randomWalk(makePrng(1)), [0, 1], () => false);
    let blockedAt = -1;
    await Promise.all([0, 1].map(async (id) => {
      for (let i = 0; i < 3; i++) {
        await c.park(id, 'y', true);
        if (id === 0 && i === 1) {
          blockedAt = c.steps;
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60); // a synchronous block on the loop
        }
      }
      c.finish(id);
    }));
    expect(blockedAt).toBeGreaterThan(0);
    expect(c.heldSteps.find((h) => h.step === blockedAt)?.ms).toBeGreaterThanOrEqual(60);
  });
});
