// Small order statistics for the tables. Infinity is a valid sample (a miss
// counts as "never"); null and NaN are dropped. Nearest-rank percentiles: with 10
// samples p90 is the 9th smallest, so one outlier does not hide.
export function percentile(xs, p) {
  const v = xs.filter((x) => typeof x === 'number' && !Number.isNaN(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * v.length));
  return v[rank - 1];
}

export const median = (xs) => {
  const v = xs.filter((x) => typeof x === 'number' && !Number.isNaN(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};

export const round = (x, digits = 0) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : null);
