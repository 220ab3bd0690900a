import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { buildFinding, type Evidence, type FindingContext } from '../../../src/watch/findings.js';
import { actor, mutex, sample, T0 } from './fixtures.js';

const FILE = 'scenarios/lock-order-buggy.ts';
const ctx: FindingContext = { file: FILE, opNames: ['transfer'], round: 3, roundSeed: 42, deadlockTimeoutMs: 2000, starvationThresholdMs: 200 };
const frame = (line: number) => `    at transfer (${path.resolve(FILE)}:${line}:7)`;
const ev = (over: Partial<Evidence> = {}): Evidence => ({ actors: new Map(), lockWaits: new Map(), ...over });

describe('buildFinding', () => {
  const s = sample(T0 + 3000, [
    actor(0, { opStartedAt: T0 + 500, lastDoneAt: T0 + 400, label: 'holding the source account' }),
    actor(1, { kind: 'task', name: 'task#1', opStartedAt: T0 + 600, lastDoneAt: T0 + 100 }),
  ], { mutexes: [mutex('account 0', 0, [1]), mutex('account 1', 1, [0])] });

  it('prints a wait-for cycle with who holds and waits for what, actors with stacks, and the location', () => {
    const f = buildFinding(
      { type: 'wait-cycle', cycle: [{ actor: 0, waitsFor: 'account 1', holds: ['account 0'] }, { actor: 1, waitsFor: 'account 0', holds: ['account 1'] }] },
      s, ev({ actors: new Map([[0, { stack: frame(21) }], [1, { note: 'pending' }]]) }), ctx,
    );
    expect(f).toMatchObject({ kind: 'deadlock', check: 'wait-cycle', round: 3, roundSeed: 42, location: { line: 21 } });
    expect(f.message).toBe('wait-for cycle: worker#1 holds "account 0", waits for "account 1"; task#1 holds "account 1", waits for "account 0"');
    expect(f.actors[0]).toMatchObject({ name: 'worker#1', op: 'transfer', label: 'holding the source account', stuckMs: 2500, stack: frame(21) });
    expect(f.actors[0]!.state).toContain('waits for "account 1" (held by task#1)');
    expect(f.actors[1]!.state).toContain('pending');
    expect(f.details).toContain('lock "account 0": held by worker#1; waiting: task#1');
  });

  it('puts the blocked main thread first in a no-progress deadlock and its stack on the finding', () => {
    const blocked = { ...s, heartbeat: T0 + 500 };
    const f = buildFinding({ type: 'main-stuck', blockedMs: 2500, phase: 3, actors: [0] }, blocked, ev({ main: { stack: frame(30) } }), ctx);
    expect(f).toMatchObject({ kind: 'deadlock', check: 'deadlock', stack: frame(30), location: { line: 30 } });
    expect(f.actors.map((a) => a.name)).toEqual(['main', 'worker#1']);
    expect(f.message).toContain('the main thread has been blocked for 2.5 s');
  });

  it('gives starvation findings their figures', () => {
    const lockWaits = new Map([[1, { count: 12, p50Ms: 0.5, p99Ms: 40, maxMs: 41.5 }]]);
    const u = buildFinding({ type: 'unfair', actors: [0], othersOps: 900, others: 1, windowMs: 1000 }, s, ev({ lockWaits }), ctx);
    expect(u).toMatchObject({ kind: 'starvation', check: 'unfair' });
    expect(u.message).toBe('starvation: worker#1 completed no op for 1.0 s while 1 other actor completed 900 ops between them');
    expect(u.details).toContain('  task#1: 12, 0.5 ms, 40 ms, 42 ms');
    const lb = buildFinding({ type: 'loop-blocked', blockedMs: 230 }, s, ev({ eventLoop: { maxMs: 3, p99Ms: 1 } }), ctx);
    expect(lb).toMatchObject({ kind: 'starvation', check: 'loop-blocked' });
    expect(lb.details?.[0]).toBe('event-loop delay before this block: max 3 ms, p99 1 ms');
    const ll = buildFinding({ type: 'livelock', actors: [0, 1], spins: 500, windowMs: 1000 }, s, ev(), ctx);
    expect(ll).toMatchObject({ kind: 'starvation', check: 'livelock' });
  });

  it('blames setup/checks stalls as timeouts and loop-only deadlocks as deadlocks', () => {
    expect(buildFinding({ type: 'phase-stuck', phase: 2, forMs: 2100 }, s, ev(), ctx)).toMatchObject({ kind: 'deadlock', check: 'timeout' });
    expect(buildFinding({ type: 'main-stuck', blockedMs: 2100, phase: 2, actors: [] }, s, ev(), ctx))
      .toMatchObject({ kind: 'deadlock', check: 'timeout', message: expect.stringContaining('in setup()/attach()') });
    expect(buildFinding({ type: 'loop-idle', actors: [1], forMs: 40 }, s, ev(), ctx)).toMatchObject({ kind: 'deadlock', check: 'deadlock' });
  });
});
