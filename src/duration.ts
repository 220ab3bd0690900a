// The one duration formatter. Two forms of one value:
//   'text' (reports, findings, --help ranges read by people): "3.1 ms", "12 ms",
//          "2.0 s", "1m 30s", "2h 5m": about three significant figures;
//   'flag' (replay commands, --help defaults): "1.5s", "200ms", "1h", exact, so
//          the text reads back as the same value with options.ts's parser.
const DAY_MS = 86_400_000;
const FLAG_UNITS: readonly [string, number][] = [['d', DAY_MS], ['h', 3_600_000], ['m', 60_000], ['s', 1000]];

export function formatDuration(ms: number, form: 'text' | 'flag' = 'text'): string {
  if (!Number.isFinite(ms)) return 'n/a';
  if (form === 'flag') {
    // The largest unit the value is a whole number of tenths of (1.5s, 90m), else ms.
    for (const [u, size] of FLAG_UNITS) {
      if (ms >= size && Number.isInteger((ms / size) * 10)) return `${Number((ms / size).toFixed(1))}${u}`;
    }
    return `${Math.round(ms)}ms`;
  }
  // Each step decides on the rounded value, so 999.6 ms is "1.0 s", never "1000 ms".
  if (Number(ms.toFixed(1)) < 10) return `${Number(ms.toFixed(1))} ms`;
  if (Math.round(ms) < 1000) return `${Math.round(ms)} ms`;
  if (Number((ms / 1000).toFixed(1)) < 60) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  const m = Math.round(ms / 60_000);
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}
