import { describe, expect, it } from 'vitest';
import { RoundSizer } from '../../../src/engine/round-size.js';

describe('RoundSizer', () => {
  it('starts small and grows to the cap for fast ops', () => {
    const s = new RoundSizer(50, 5000);
    expect(s.sizeFor(1)).toBeLessThanOrEqual(2);
    for (let r = 0; r < 10; r++) s.observe(s.sizeFor(r), 1);
    expect(s.currentCap).toBe(50);
  });

  it('fits slow ops to about 40 rounds per budget', () => {
    const s = new RoundSizer(50, 10_000);
    for (let r = 0; r < 20; r++) {
      const n = s.sizeFor(r);
      s.observe(n, n * 25); // 25 ms per op: a 250 ms round holds 10
    }
    expect(s.currentCap).toBe(10);
    const sizes = new Set(Array.from({ length: 50 }, (_, r) => s.sizeFor(r)));
    expect(sizes.size).toBeGreaterThan(3); // varied round to round
    for (const n of sizes) expect(n >= 3 && n <= 10).toBe(true);
  });

  it('is one op a round for ops slower than the target round', () => {
    const s = new RoundSizer(50, 5000);
    s.observe(2, 600);
    expect(s.currentCap).toBe(1);
    expect(s.sizeFor(7)).toBe(1);
  });

  it('draws the same size for the same round seed', () => {
    const a = new RoundSizer(50, 5000);
    const b = new RoundSizer(50, 5000);
    expect(a.sizeFor(12345)).toBe(b.sizeFor(12345));
  });
});
