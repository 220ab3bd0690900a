import { describe, expect, it } from 'vitest';
import { waitStats } from '../../../../src/watch/grade/lock-stats.js';

const buckets = (counts: Record<number, number>) => Array.from({ length: 24 }, (_, b) => counts[b] ?? 0);

describe('waitStats', () => {
  it('is all zero without waits', () => {
    expect(waitStats(buckets({}), 0)).toEqual({ count: 0, p50Ms: 0, p99Ms: 0, maxMs: 0 });
  });

  it('reports bucket upper edges, capped by the exact max', () => {
    // 98 waits of 64..128 µs, 2 of 8..16 ms.
    const s = waitStats(buckets({ 6: 98, 13: 2 }), 9.5);
    expect(s.count).toBe(100);
    expect(s.p50Ms).toBeCloseTo(0.128);
    expect(s.p99Ms).toBe(9.5);
    expect(s.maxMs).toBe(9.5);
  });
});
