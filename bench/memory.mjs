// 4. Memory: one long run of a fixed scenario; every 500 ms, VmRSS and VmHWM
// (peak RSS) from /proc of the supervisor (the CLI) and of the run process it
// forks (found with `ps --ppid`). Threads share their process's RSS, so the run
// process's figure covers the main thread, the pool threads and the ledger.
// "Bounded" = RSS in the last quarter of the run is not still climbing.
import { BIN, rel } from './lib/paths.mjs';
import { timed, parseJson, scenariosOfReport } from './lib/proc.mjs';
import { round } from './lib/stats.mjs';

export const MEMORY_TARGET_MB = 300;

export async function memory(info, seconds, log) {
  const r = await timed(
    [BIN, 'run', rel(info.file), '--seed', '1', '--reporter', 'json', '--duration', `${seconds}s`],
    { sampleMs: 500, childMatch: /run-process(\.bundle)?\.js/, timeoutMs: seconds * 1000 + 60_000 },
  );
  const mb = (kb) => (Number.isFinite(kb) ? kb / 1024 : NaN);
  // A sample taken while a process exits may lack the Vm* lines: drop those.
  const inner = r.samples.filter((s) => Number.isFinite(s.inner?.hwmKb));
  const outer = r.samples.filter((s) => Number.isFinite(s.main.hwmKb));
  const peakRun = Math.max(...inner.map((s) => s.inner.hwmKb));
  const peakSup = Math.max(...outer.map((s) => s.main.hwmKb));
  // RSS of the run process at 25/50/75/100% of the samples, to show the trend.
  const at = (f) => mb(inner[Math.min(inner.length - 1, Math.floor(f * (inner.length - 1)))]?.inner.rssKb);
  const q = [0.25, 0.5, 0.75, 1].map((f) => round(at(f), 0));
  const s = scenariosOfReport(parseJson(r.stdout))[0];
  const row = {
    file: info.rel,
    seconds,
    runProcessPeakMb: round(mb(peakRun), 0),
    supervisorPeakMb: round(mb(peakSup), 0),
    runProcessThreads: Math.max(...inner.map((x) => x.inner.threads)),
    rssTrendMb: q,
    growthLastHalfMb: round(q[3] - q[1], 0),
    samples: inner.length,
    ops: s?.ops ?? null,
    transitions: (s?.sides ?? []).reduce((a, x) => a + (x.transitions ?? 0), 0),
    rounds: s?.rounds ?? null,
    status: s?.status ?? `exit ${r.code}`,
    targetMb: MEMORY_TARGET_MB,
    pass: mb(peakRun) <= MEMORY_TARGET_MB,
    timeline: inner.map((x) => [round(x.t / 1000, 1), round(mb(x.inner.rssKb), 1)]),
  };
  log(`  ${info.base} ${seconds}s: run process peak ${row.runProcessPeakMb} MB (RSS at 25/50/75/100%: ${q.join('/')} MB), supervisor peak ${row.supervisorPeakMb} MB, ${row.rounds} rounds, ${row.ops} ops`);
  return row;
}
