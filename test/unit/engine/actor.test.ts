import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runActor, type ActorEnv } from '../../../src/engine/actor.js';
import { A, ActorState, F, Telemetry } from '../../../src/shm/telemetry.js';
import { liftLastDone, readActors } from '../../../src/watch/sample.js';
import type { ActorSpec } from '../../../src/engine/protocol.js';
import type { Op } from '../../../src/scenario/types.js';
import { makePrng } from '../../../src/sched/prng.js';
import { loopYield } from '../../../src/sched/yield.js';

function envs(n: number, ops: Op<unknown>[], view: unknown, t = Telemetry.create(n)): ActorEnv[] {
  return Array.from({ length: n }, (_, id) => {
    const spec: ActorSpec = { id, kind: 'task', name: `task#${id + 1}`, ops: ops.map((_, i) => i), cumulative: ops.map((_, i) => i + 1), opsPerRound: 30, sized: false };
    return {
      telemetry: t, spec, ops, view, checksum: () => 0, prng: makePrng(id + 1), yieldFn: loopYield(makePrng(100 + id), { maxUs: 10, turns: 3 }),
      round: 1, roundSeed: 1, opsPerRound: 30, deadline: Infinity, collectResults: true, onRingFull: () => undefined,
      transitionSites: new Map(),
    };
  });
}

describe('ctx.section (occupancy monitor)', () => {
  it('reports more actors inside than the limit, naming the occupants', async () => {
    const op: Op<unknown> = (_v, ctx) => ctx.section('pool', () => ctx.yield('inside'), { limit: 2 });
    const outcomes = await Promise.all(envs(4, [op], {}).map(runActor));
    const findings = outcomes.flatMap((o) => o.findings);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings[0]).toMatchObject({ kind: 'corruption', check: 'occupancy' });
    expect(findings[0]!.message).toMatch(/section "pool" allows 2 inside at once, 3 were/);
    expect(findings[0]!.others!.length).toBe(2);
  });

  it('stays quiet when the limit holds', async () => {
    let inside = 0;
    // A correct async semaphore for loop tasks: check and take in one synchronous step.
    const waiters: (() => void)[] = [];
    const acquire = async () => {
      while (inside >= 2) await new Promise<void>((r) => waiters.push(r));
      inside++;
    };
    const release = () => {
      inside--;
      waiters.shift()?.();
    };
    const op: Op<unknown> = async (_v, ctx) => {
      await acquire();
      try {
        await ctx.section('pool', () => ctx.yield('inside'), { limit: 2 });
      } finally {
        release();
      }
    };
    const outcomes = await Promise.all(envs(4, [op], {}).map(runActor));
    expect(outcomes.flatMap((o) => o.findings)).toEqual([]);
    expect(outcomes.reduce((n, o) => n + o.ops, 0)).toBe(4 * 30);
  });
});

describe('runActor', () => {
  it('turns a throwing op into an exception finding and stops every actor', async () => {
    const t = Telemetry.create(2);
    const boom: Op<unknown> = async (_v, ctx) => {
      await ctx.yield();
      if (ctx.actor.id === 0) throw new TypeError('bad state');
    };
    const outcomes = await Promise.all(envs(2, [boom], {}, t).map(runActor));
    expect(outcomes[0]!.findings[0]).toMatchObject({ kind: 'error', check: 'exception', message: 'TypeError: bad state', actor: 0 });
    expect(t.stopped).toBe(true);
    expect(outcomes[1]!.ops).toBeLessThan(30);
  });

  it('ctx.assert records a corruption finding with the message', async () => {
    const op: Op<unknown> = (_v, ctx) => ctx.assert(ctx.actor.id !== 1, 'halves differ');
    const outcomes = await Promise.all(envs(2, [op], {}).map(runActor));
    expect(outcomes[1]!.findings).toEqual([expect.objectContaining({ check: 'assertion', message: 'assertion failed: halves differ' })]);
  });

  it('records each transition in the actor ring with versions', async () => {
    const t = Telemetry.create(1);
    const op: Op<unknown> = (_v, ctx) => ctx.transition('step', () => 1);
    const [o] = await Promise.all(envs(1, [op], {}, t).map(runActor));
    expect(o!.transitions).toBe(30);
    const entries: { from: number; to: number }[] = [];
    t.drain(0, (e) => entries.push(e));
    expect(entries.map((e) => e.from)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(o!.names.map(([, n]) => n)).toEqual(['step']);
  });

  it("keeps each scenario's transition call site: same name, its own line", async () => {
    // Two scenarios' ops with a transition of one name, on one thread, one after the other.
    const first: Op<unknown> = (_v, ctx) => ctx.transition('hit', () => 1); const firstLine = lineOf('first');
    const second: Op<unknown> = (_v, ctx) => ctx.transition('hit', () => 2); const secondLine = lineOf('second');
    const [a] = envs(1, [first], {});
    const [b] = envs(1, [second], {});
    const siteLine = (o: Awaited<ReturnType<typeof runActor>>) => Number(/actor\.test\.ts:(\d+):/.exec(o.names[0]![2]!)?.[1]);
    expect(siteLine(await runActor(a!))).toBe(firstLine);
    expect(siteLine(await runActor(b!))).toBe(secondLine);
    // One scenario's later rounds reuse its map: the stack is taken once.
    const again = await runActor({ ...a!, ops: [second] });
    expect(siteLine(again)).toBe(firstLine);
  });
});

/** The line of this file that declares `const <name>: Op`. */
function lineOf(name: string): number {
  const text = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n');
  return text.findIndex((l) => l.includes(`const ${name}: Op<unknown>`)) + 1;
}

describe('the budget deadline', () => {
  it('starts no op at or after the deadline, and finishes the op in flight', async () => {
    let started = 0;
    let finished = 0;
    const op: Op<unknown> = async () => {
      started++;
      await new Promise((r) => setTimeout(r, 20));
      finished++;
    };
    const [env] = envs(1, [op], {});
    const out = await runActor({ ...env!, deadline: performance.timeOrigin + performance.now() + 50 });
    expect(out.ops).toBe(finished);
    expect(started).toBe(finished);
    expect(out.ops).toBeGreaterThanOrEqual(1);
    expect(out.ops).toBeLessThan(30);
  });

  it('runs no op when the deadline has passed', async () => {
    const [env] = envs(1, [() => undefined], {});
    expect((await runActor({ ...env!, deadline: 0 })).ops).toBe(0);
  });
});

describe('runActor: the clock, read once per stride of fast ops', () => {
  const spin = (ms: number) => {
    const end = performance.now() + ms;
    while (performance.now() < end) {
      // a slow synchronous op
    }
  };

  it('times a slow op alone: maxOpMs and LAST_DONE are its own, after a run of fast ops', async () => {
    let n = 0;
    // 40 fast ops grow the stride; the 41st is slow: it must still be timed (at least its 30 ms).
    const op: Op<unknown> = () => {
      if (++n === 41) spin(30);
    };
    const t = Telemetry.create(1);
    const env = { ...envs(1, [op], {}, t)[0]!, opsPerRound: 60 };
    const before = performance.timeOrigin + performance.now();
    const o = await runActor(env);
    expect(o.ops).toBe(60);
    expect(o.maxOpMs).toBeGreaterThanOrEqual(30);
    // LAST_DONE is stamped after the last op's stride, not left at the round's start.
    expect(t.getF(0, F.LAST_DONE)).toBeGreaterThanOrEqual(before + 30);
  });

  it('times a slow last op that ends the round in the middle of a stride', async () => {
    let n = 0;
    // 40 fast ops leave the stride at 16 with op 41 inside it; op 41 is slow and the round's last.
    const op: Op<unknown> = () => {
      if (++n === 41) spin(30);
    };
    const o = await runActor({ ...envs(1, [op], {})[0]!, opsPerRound: 41 });
    expect(o.ops).toBe(41);
    expect(o.maxOpMs).toBeGreaterThanOrEqual(30);
  });

  it('a stride that turns slow still shows progress to a judge that reads through liftLastDone', async () => {
    // 20 instant ops grow the stride; then each op waits until the test lets it finish.
    let n = 0;
    let release: (() => void) | undefined;
    const op: Op<unknown> = async () => {
      if (++n > 20) await new Promise<void>((r) => (release = r));
    };
    const t = Telemetry.create(1);
    const actors = [{ id: 0, name: 'task#1', kind: 'task' as const }];
    const run = runActor({ ...envs(1, [op], {}, t)[0]!, opsPerRound: 30 });
    const settle = () => new Promise((r) => setImmediate(r));
    await settle();
    // Readings at made-up times far after every real stamp: one op completes between two readings.
    const stale: boolean[] = [];
    let previous = 0;
    for (let k = 1; k <= 9; k++) {
      const at = performance.timeOrigin + performance.now() + k * 60_000;
      const [a] = liftLastDone(t, at, readActors(t, actors));
      if (k > 1) {
        // An op completed since the previous reading: progress is dated after it.
        expect(a!.lastDoneAt).toBeGreaterThanOrEqual(previous);
        stale.push(t.getF(0, F.LAST_DONE) < previous);
      }
      previous = at;
      release!();
      await settle();
    }
    release!();
    await run;
    // The stamp itself lagged on some of those readings: the floor is what kept them right.
    expect(stale.some(Boolean)).toBe(true);
  });
});

describe('liftLastDone', () => {
  const actors = [{ id: 0, name: 'worker#1', kind: 'worker' as const }, { id: 1, name: 'worker#2', kind: 'worker' as const }];

  it('raises lastDoneAt to the previous reading for an actor whose OPS moved, and only for it', () => {
    const t = Telemetry.create(2);
    t.resetRound(1, false);
    t.setF(0, F.LAST_DONE, 1000);
    t.setF(1, F.LAST_DONE, 1000);
    liftLastDone(t, 2000, readActors(t, actors));
    t.add(0, A.OPS); // worker#1 completed an op after the reading at 2000; its stamp still says 1000
    const [a, b] = liftLastDone(t, 3000, readActors(t, actors));
    expect(a!.lastDoneAt).toBe(2000);
    expect(b!.lastDoneAt).toBe(1000);
  });

  it('does not carry a reading across rounds (OPS restarts at 0)', () => {
    const t = Telemetry.create(2);
    t.resetRound(1, false);
    t.add(0, A.OPS, 5);
    liftLastDone(t, 2000, readActors(t, actors));
    t.resetRound(2, false);
    t.setF(0, F.LAST_DONE, 1500);
    const [a] = liftLastDone(t, 3000, readActors(t, actors));
    expect(a!.lastDoneAt).toBe(1500);
  });
});

describe('ctx.label', () => {
  it('telemetry shows the latest label and every call names its site, the same text again included', async () => {
    const t = Telemetry.create(1);
    const seen: string[][] = [];
    const sites: string[] = [];
    const op: Op<unknown> = async (_v, ctx) => {
      ctx.label('waiting for the lock');
      seen.push([t.label(0)!]);
      ctx.label('holding the lock');
      ctx.label('holding the lock');
      seen.at(-1)!.push(t.label(0)!);
      await ctx.yield('between read and write');
      seen.at(-1)!.push(t.label(0)!);
      ctx.label('holding the lock');
      seen.at(-1)!.push(t.label(0)!);
    };
    const [env] = envs(1, [op], {}, t);
    const outcome = await runActor({ ...env!, opsPerRound: 2, site: (label) => sites.push(label) });
    expect(outcome.ops).toBe(2);
    const round = ['waiting for the lock', 'holding the lock', 'between read and write', 'holding the lock'];
    expect(seen).toEqual([round, round]);
    expect(sites).toEqual(['waiting for the lock', 'holding the lock', 'holding the lock', 'holding the lock', 'waiting for the lock', 'holding the lock', 'holding the lock', 'holding the lock']);
  });
});
