// Pure lock-wait statistics from the log2-µs histograms in the telemetry.
export interface WaitStats {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Percentiles are bucket upper edges (at most a factor of 2 high), capped by the exact max. */
export function waitStats(buckets: readonly number[], maxMs: number): WaitStats {
  const count = buckets.reduce((a, b) => a + b, 0);
  const pct = (q: number) => {
    if (count === 0) return 0;
    const target = Math.ceil(q * count);
    let seen = 0;
    for (let b = 0; b < buckets.length; b++) {
      seen += buckets[b]!;
      if (seen >= target) return Math.min(2 ** (b + 1) / 1000, maxMs);
    }
    return maxMs;
  };
  return { count, p50Ms: pct(0.5), p99Ms: pct(0.99), maxMs };
}
