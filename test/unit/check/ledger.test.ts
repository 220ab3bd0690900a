import { describe, expect, it } from 'vitest';
import { LedgerValidator, overlapEvidence, type LedgerEntry } from '../../../src/check/ledger.js';

const e = (actor: number, from: number, before: number, after: number): LedgerEntry => ({
  actor, op: 7, from, to: from + 1, checksumBefore: before, checksumAfter: after,
});

describe('LedgerValidator', () => {
  it('accepts a clean chain delivered out of order across actors', () => {
    const v = new LedgerValidator();
    // actor 1's ring is drained before actor 0's, so versions arrive 1, 3, 0, 2
    for (const x of [e(1, 1, 0xb, 0xc), e(1, 3, 0xd, 0xe), e(0, 0, 0xa, 0xb), e(0, 2, 0xc, 0xd)]) {
      expect(v.add(x)).toBeUndefined();
    }
    expect(v.finish()).toBeUndefined();
    expect(v.nextVersion).toBe(4);
  });

  it('reports a version entered twice as a lost update naming both entries', () => {
    const v = new LedgerValidator();
    v.add(e(0, 0, 1, 2));
    const issue = v.add(e(3, 0, 1, 5));
    expect(issue).toMatchObject({ check: 'lost-update', version: 0, first: { actor: 0 }, second: { actor: 3 } });
    expect(v.finish()).toBe(issue);
  });

  it('finds a duplicate of a version that was already closed', () => {
    const v = new LedgerValidator();
    v.add(e(0, 0, 1, 2));
    v.add(e(0, 1, 2, 3));
    expect(v.add(e(1, 0, 1, 9))).toMatchObject({ check: 'lost-update', version: 0, first: { actor: 0, from: 0 } });
  });

  it('prefers the lowest duplicated version (the root overlap) over a later one', () => {
    const v = new LedgerValidator();
    v.add(e(0, 5, 0, 0));
    v.add(e(0, 5, 0, 0)); // same actor re-entered 5 after a stale write-back
    v.add(e(1, 2, 0, 0));
    v.add(e(2, 2, 0, 0));
    expect(v.finish()).toMatchObject({ check: 'lost-update', version: 2, first: { actor: 1 }, second: { actor: 2 } });
  });

  it('reports a checksum break between consecutive transitions', () => {
    const v = new LedgerValidator();
    v.add(e(0, 0, 0xa, 0xb));
    const issue = v.add(e(1, 1, 0xf, 0x10));
    expect(issue).toMatchObject({ check: 'checksum-break', version: 1, prev: { actor: 0 }, next: { actor: 1 } });
  });

  it('prefers a lost update found later in the round over a checksum break', () => {
    const v = new LedgerValidator();
    v.add(e(0, 0, 0xa, 0xb));
    v.add(e(1, 1, 0xf, 0x10));
    v.add(e(2, 1, 0xb, 0x11));
    expect(v.finish()).toMatchObject({ check: 'lost-update', version: 1 });
  });

  it('reports a gap at the quiescent point', () => {
    const v = new LedgerValidator();
    v.add(e(0, 0, 1, 2));
    v.add(e(0, 2, 3, 4));
    expect(v.finish()).toMatchObject({ check: 'version-gap', version: 1, prev: { from: 0 }, next: { from: 2 } });
  });

  it('keeps memory bounded: closed versions beyond the window are forgotten but duplicates are still caught', () => {
    const v = new LedgerValidator(0, 16);
    for (let i = 0; i < 10_000; i++) v.add(e(0, i, i, i + 1));
    expect(v.finish()).toBeUndefined();
    const issue = v.add(e(1, 3, 3, 4));
    expect(issue).toMatchObject({ check: 'lost-update', version: 3, first: undefined });
  });

  it('continues from a start version with persistent state', () => {
    const v = new LedgerValidator(40);
    v.add(e(0, 40, 1, 2));
    expect(v.finish()).toBeUndefined();
    expect(v.nextVersion).toBe(41);
  });
});

describe('overlapEvidence', () => {
  it('same start, same end: a write-back overwrote the other', () => {
    expect(overlapEvidence(e(0, 3, 1, 2), e(1, 3, 1, 2))).toBe('same-result');
  });
  it('one started from the state the other left: nothing overwritten', () => {
    expect(overlapEvidence(e(0, 3, 1, 2), e(1, 3, 2, 5))).toBe('serial');
    expect(overlapEvidence(e(0, 3, 2, 5), e(1, 3, 1, 2))).toBe('serial');
  });
  it('same start, different ends: the hashes cannot tell', () => {
    expect(overlapEvidence(e(0, 3, 1, 2), e(1, 3, 1, 4))).toBe('distinct');
  });
  it('a checksum that never changed is no evidence (plain JS state, read-only bodies)', () => {
    expect(overlapEvidence(e(0, 3, 1, 1), e(1, 3, 1, 1))).toBe('unchanged');
  });
});
