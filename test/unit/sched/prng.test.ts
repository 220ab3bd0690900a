import { describe, expect, it } from 'vitest';
import { actorSeed, deriveSeed, makePrng } from '../../../src/sched/prng.js';
import { roundSeed } from '../../../src/sched/round-seed.js';
import { freshRunSeed } from '../../../src/sched/run-seed.js';
import { MAX_SEED } from '../../../src/options.js';

describe('seed derivation', () => {
  it('is a pure function of the run seed, the round and the actor', () => {
    expect(roundSeed(42, 3)).toBe(roundSeed(42, 3));
    expect(actorSeed(roundSeed(42, 3), 5)).toBe(actorSeed(roundSeed(42, 3), 5));
  });

  it('gives different rounds and actors different streams', () => {
    const rounds = new Set(Array.from({ length: 200 }, (_, r) => roundSeed(42, r)));
    expect(rounds.size).toBe(200);
    const actors = new Set(Array.from({ length: 200 }, (_, a) => actorSeed(roundSeed(42, 1), a)));
    expect(actors.size).toBe(200);
    expect(roundSeed(42, 1)).not.toBe(roundSeed(43, 1));
  });

  it('derives non-negative 31-bit seeds', () => {
    for (let i = 0; i < 100; i++) {
      const s = deriveSeed(i, 'x', i);
      expect(Number.isInteger(s) && s >= 0 && s < 2 ** 31).toBe(true);
    }
  });
});

describe('makePrng', () => {
  it('replays the same sequence for the same seed', () => {
    const a = makePrng(7), b = makePrng(7);
    const xs = Array.from({ length: 50 }, () => a.next());
    expect(Array.from({ length: 50 }, () => b.next())).toEqual(xs);
    expect(makePrng(8).next()).not.toBe(xs[0]);
  });

  it('int(lo, hi) covers both ends and nothing outside', () => {
    const p = makePrng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const v = p.int(-2, 2);
      expect(v >= -2 && v <= 2).toBe(true);
      seen.add(v);
    }
    expect([...seen].sort()).toEqual([-1, -2, 0, 1, 2].sort());
  });

  it('is roughly uniform', () => {
    const p = makePrng(99);
    const buckets = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) buckets[Math.floor(p.next() * 10)]++;
    for (const b of buckets) expect(Math.abs(b - 10_000)).toBeLessThan(600);
  });
});

describe('roundSeed', () => {
  it('is the same whether rounds are asked in order, out of order or alone (replay)', () => {
    const inOrder = Array.from({ length: 50 }, (_, i) => roundSeed(77, i + 1));
    expect(roundSeed(77, 31)).toBe(inOrder[30]);
    expect(roundSeed(77, 2)).toBe(inOrder[1]);
    expect(roundSeed(78, 5)).not.toBe(inOrder[4]);
    expect(roundSeed(77, 50)).toBe(inOrder[49]);
  });
});

describe('roundSeed far from the start', () => {
  it('gives distinct 31-bit seeds to consecutive rounds anywhere in the range', () => {
    for (const base of [1, 2 ** 31 - 5, 999_999_000, 2 ** 32 - 500, 2 ** 40]) {
      const xs = Array.from({ length: 1000 }, (_, i) => roundSeed(42, base + i));
      expect(new Set(xs).size).toBeGreaterThan(995); // 31-bit values: a birthday pair is possible
      for (const x of xs) expect(Number.isInteger(x) && x >= 0 && x < 2 ** 31).toBe(true);
    }
  });
  it('tells run seeds apart that differ only above 2^32', () => {
    expect(roundSeed(2 ** 32 + 1, 3)).not.toBe(roundSeed(1, 3));
    expect(roundSeed(2 ** 53 - 1, 3)).not.toBe(roundSeed(2 ** 53 - 2, 3));
  });
});

describe('freshRunSeed', () => {
  it('draws integers over the whole range --seed accepts (0 .. 2^53-1)', () => {
    const xs = Array.from({ length: 2000 }, freshRunSeed);
    for (const x of xs) expect(Number.isSafeInteger(x) && x >= 0 && x <= MAX_SEED).toBe(true);
    // Uses the high bits: all 2000 below 2^48 would happen with probability 2^-10000.
    expect(xs.some((x) => x >= 2 ** 48)).toBe(true);
    expect(new Set(xs).size).toBe(2000);
  });
});
