// 1. Time to detect: each scenarios/*-buggy.ts over N seeds, wall time from
// spawning `racecheck run` to its exit (process start to report), and whether
// it exited 1 with a finding of the kind its `// expect:` line names.
import { BIN, rel } from './lib/paths.mjs';
import { parseJson, scenariosOfReport, timed } from './lib/proc.mjs';
import { median, percentile, round } from './lib/stats.mjs';

export const DETECT_DURATION = '10s';

/** Targets: 1 s for the counter and the loop-only lost update, 3 s for the rest. */
export function detectTargetMs(info) {
  const lostUpdate = info.expect?.check === 'lost-update' || /lost-update/.test(info.base);
  return info.base === 'counter-buggy' || (info.loopOnly && lostUpdate) ? 1000 : 3000;
}

export async function runOne(info, seed) {
  const r = await timed(
    [BIN, 'run', rel(info.file), '--seed', String(seed), '--reporter', 'json', '--duration', DETECT_DURATION],
    { timeoutMs: 40_000 },
  );
  const report = parseJson(r.stdout);
  const scenarios = scenariosOfReport(report);
  const findings = scenarios.flatMap((s) => s.findings);
  const want = info.expect;
  const match = findings.find((f) => (want ? f.kind === want.kind : true));
  return {
    seed,
    code: r.code,
    wallMs: r.wallMs,
    detected: r.code === 1 && !!match,
    checkMatched: !!match && (!want?.check || findings.some((f) => f.kind === want.kind && want.check.split('|').includes(f.check))),
    seen: [...new Set(findings.map((f) => `${f.kind}/${f.check}`))],
    // Rounds run until the finding (the finding's round), and racecheck's own in-process time.
    rounds: match?.round ?? scenarios[0]?.rounds ?? null,
    inProcessMs: scenarios[0]?.durationMs ?? null,
    error: report ? (scenarios.find((s) => s.error)?.error ?? report.errors?.[0] ?? null) : `no JSON report (exit ${r.code}${r.timedOut ? ', killed after 40 s' : ''})`,
    ...(report && r.code === 1 ? {} : { stderrTail: r.stderr.trim().split('\n').slice(-30) }),
  };
}

export async function detect(buggy, seeds, log) {
  const rows = [];
  for (const info of buggy) {
    const runs = [];
    for (const seed of seeds) {
      const one = await runOne(info, seed);
      runs.push(one);
      log(`  ${info.base} seed ${seed}: ${one.detected ? 'detected' : 'MISSED'} in ${Math.round(one.wallMs)} ms (round ${one.rounds}; ${one.seen.join(', ') || 'no finding'})`);
    }
    const detected = runs.filter((r) => r.detected);
    const times = runs.map((r) => (r.detected ? r.wallMs : Infinity)); // a miss counts as "never" in the percentiles
    const targetMs = detectTargetMs(info);
    rows.push({
      file: info.rel,
      base: info.base,
      expect: info.expect ? `${info.expect.kind}${info.expect.check ? ` ${info.expect.check}` : ''}` : null,
      loopOnly: info.loopOnly,
      detected: detected.length,
      seeds: runs.length,
      checkMatched: runs.filter((r) => r.checkMatched).length,
      medianMs: round(median(times), 0),
      p90Ms: round(percentile(times, 90), 0),
      medianRounds: median(detected.map((r) => r.rounds)),
      medianInProcessMs: round(median(detected.map((r) => r.inProcessMs)), 0),
      targetMs,
      passRate: detected.length === runs.length,
      passTime: median(times) <= targetMs,
      runs,
    });
  }
  return rows;
}
