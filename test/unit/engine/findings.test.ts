import { describe, expect, it } from 'vitest';
import { fromLedger, LOCK_FREE_HINT, type Namer } from '../../../src/engine/findings.js';
import type { LedgerEntry, LedgerIssue } from '../../../src/check/ledger.js';
import type { Plan } from '../../../src/engine/plan.js';

const plan = { actors: [{ id: 0, name: 'task#1', kind: 'task' }, { id: 1, name: 'worker#1', kind: 'worker' }], opNames: ['inc'] } as unknown as Plan;
const namer: Namer = { plan, names: new Map([[7, 'inc']]), round: 1, roundSeed: 9, scenarioFile: 's.ts' };
const e = (actor: number, before: number, after: number): LedgerEntry => ({ actor, op: 7, from: 4, to: 5, checksumBefore: before, checksumAfter: after });
const lost = (a: LedgerEntry, b: LedgerEntry): LedgerIssue => ({ check: 'lost-update', version: 4, first: a, second: b });

describe('fromLedger: lost updates say what their evidence says', () => {
  it('same result: a lost update, no lock-free hint', () => {
    const f = fromLedger(namer, lost(e(0, 1, 2), e(1, 1, 2)));
    expect(f).toMatchObject({ kind: 'corruption', check: 'lost-update' });
    expect(f.message).toBe('lost update: version 4 was entered twice, by task#1 "inc" and worker#1 "inc"; the transitions overlapped and one write-back overwrote the other (both left checksum 00000002)');
    expect(f.details).toBeUndefined();
  });

  it('a failed check makes it a lost update whatever the checksums say', () => {
    const f = fromLedger(namer, lost(e(0, 1, 2), e(1, 1, 3)), { held: false, reason: 'verify failed after round 1: counter is 1' });
    expect(f.message).toMatch(/^lost update: .*overwrote the other; verify failed after round 1: counter is 1$/);
    expect(f.details).toBeUndefined();
  });

  it('checks that held: still a lost-update finding, with the hint', () => {
    const f = fromLedger(namer, lost(e(0, 1, 2), e(1, 1, 3)), { held: true, names: 'verify' });
    expect(f).toMatchObject({ kind: 'corruption', check: 'lost-update' });
    expect(f.message).toMatch(/^overlapping transitions: version 4 .*; verify still held after the round, so nothing seems to have been lost, but they did not run exclusively$/);
    expect(f.details).toEqual([LOCK_FREE_HINT]);
    expect(LOCK_FREE_HINT).toMatch(/must run exclusively.*verify or invariant.*ctx\.section/);
  });

  it('serial writes: nothing overwritten in this pair, with the hint', () => {
    const f = fromLedger(namer, lost(e(0, 1, 2), e(1, 2, 3)));
    expect(f.message).toMatch(/^overlapping transitions: .*no write was overwritten here/);
    expect(f.details).toEqual([LOCK_FREE_HINT]);
  });

  it('no checks and different ends: a lost update unless lock-free, with the hint', () => {
    const f = fromLedger(namer, lost(e(0, 1, 2), e(1, 1, 3)));
    expect(f.message).toMatch(/^lost update: .*unless the body is lock-free and both writes landed \(they left different checksums, 00000002 and 00000003\)$/);
    expect(f.details).toEqual([LOCK_FREE_HINT]);
  });

  it('a checksum that never moved and no checks: the plain lost update', () => {
    const f = fromLedger(namer, lost(e(0, 1, 1), e(1, 1, 1)));
    expect(f.message).toMatch(/^lost update: .*overwrote the other$/);
    expect(f.details).toBeUndefined();
  });
});
