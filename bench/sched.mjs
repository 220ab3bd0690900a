// Scheduler bench: each strategy's detection rate over N seeds and median time
// to detect on every bundled bug, with fast-check's fc.scheduler() as the peer
// on the loop-only bugs that have one (bench/peer/); and, with --fixed, every
// fixed scenario over N seeds per strategy (must stay clean).
//   node bench/sched.mjs [--seeds 20] [--only NAME[,NAME...]] [--skip NAME[,NAME...]] [--loop-only] [--strategies mix,random,pct,auto] [--fixed] [--jobs 2]
// NAME matches a file's base name by substring. Each row also lists the seeds
// a strategy missed (or, with --fixed, flagged, with the findings), and the
// load average is sampled at every row, so a sweep says what it ran under.
// Times are racecheck's in-process scenario time (JSON durationMs) of a run
// stopped at its first finding, with --no-shrink (shrinking adds up to 2 s after
// the finding). A run that finds nothing in --duration (10 s) counts as missed.
import { writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { BIN, RESULTS, ROOT, rel } from './lib/paths.mjs';
import { parseJson, scenariosOfReport, timed } from './lib/proc.mjs';
import { discover } from './lib/scenarios.mjs';
import { pool } from './lib/jobs.mjs';
import { median, round } from './lib/stats.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const SEEDS = Number(arg('seeds', '20'));
const names = (v) => v.split(',').filter(Boolean);
const ONLY = names(arg('only', ''));
const SKIP = names(arg('skip', ''));
const STRATEGIES = arg('strategies', 'mix,random,pct,auto').split(',');
const FIXED = process.argv.includes('--fixed');
const JOBS = Number(arg('jobs', '2'));

async function racecheck(info, strategy, seed, duration) {
  const r = await timed([BIN, 'run', rel(info.file), '--seed', String(seed), '--scheduler', strategy, '--duration', duration, '--no-shrink', '--reporter', 'json'], { timeoutMs: 60_000 });
  const s = scenariosOfReport(parseJson(r.stdout));
  const findings = s.flatMap((x) => x.findings);
  const want = info.expect;
  const hit = findings.find((f) => !want || (f.kind === want.kind && (!want.check || want.check.split('|').includes(f.check))));
  return { code: r.code, findings: findings.map((f) => `${f.kind}/${f.check}`), detected: r.code === 1 && !!hit, ms: s[0]?.durationMs ?? null, schedule: hit?.schedule ?? null };
}

async function peer(base, seed) {
  const file = path.join(ROOT, 'bench/peer', `${base}.mjs`);
  const r = await timed([path.join(ROOT, 'bench/peer/run-peer.mjs'), file, '--seed', String(seed)], { timeoutMs: 60_000 });
  const out = parseJson(r.stdout);
  return { detected: !!out?.failed, ms: out?.checkMs ?? null };
}

const { buggy, fixed } = await discover();
const LOOP_ONLY = process.argv.includes('--loop-only');
const files = (FIXED ? fixed : buggy).filter((i) => (ONLY.length === 0 || ONLY.some((n) => i.base.includes(n))) && !SKIP.some((n) => i.base.includes(n)) && (!LOOP_ONLY || i.loopOnly));
const seeds = Array.from({ length: SEEDS }, (_, i) => i + 1);
const rows = [];
for (const info of files) {
  const row = { scenario: info.base, loopOnly: info.loopOnly, strategies: {} };
  for (const strategy of STRATEGIES) {
    const runs = await pool(seeds, JOBS, (seed) => racecheck(info, strategy, seed, FIXED ? '1s' : '10s'));
    row.strategies[strategy] = FIXED
      ? { runs: runs.length, flagged: runs.filter((x) => x.findings.length > 0 || x.code !== 0).length, seen: [...new Set(runs.flatMap((x) => x.findings))],
          flaggedRuns: runs.map((x, i) => ({ seed: seeds[i], code: x.code, findings: x.findings, schedule: x.schedule })).filter((x) => x.findings.length > 0 || x.code !== 0) }
      : { runs: runs.length, detected: runs.filter((x) => x.detected).length, medianMs: round(median(runs.filter((x) => x.detected).map((x) => x.ms))),
          missed: seeds.filter((_, i) => !runs[i].detected) };
  }
  if (!FIXED && info.loopOnly && existsSync(path.join(ROOT, 'bench/peer', `${info.base}.mjs`))) {
    const runs = await pool(seeds, JOBS, (seed) => peer(info.base, seed));
    row.peer = { runs: runs.length, detected: runs.filter((x) => x.detected).length, medianMs: round(median(runs.filter((x) => x.detected).map((x) => x.ms))) };
  }
  row.load = loadavg().map((x) => round(x, 1));
  rows.push(row);
  process.stderr.write(`${JSON.stringify(row)}\n`);
}

const cell = (c) => (!c ? '' : FIXED ? `${c.flagged}/${c.runs} flagged` : `${c.detected}/${c.runs}${c.medianMs !== null ? `, ${c.medianMs} ms` : ''}`);
const head = ['scenario', ...STRATEGIES, ...(FIXED ? [] : ['fast-check fc.scheduler()'])];
const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
for (const r of rows) lines.push(`| ${[r.scenario, ...STRATEGIES.map((s) => cell(r.strategies[s])), ...(FIXED ? [] : [r.peer ? cell(r.peer) : '—'])].join(' | ')} |`);
console.log(lines.join('\n'));
mkdirSync(RESULTS, { recursive: true });
writeFileSync(path.join(RESULTS, `sched-${FIXED ? 'fixed' : 'detect'}-${new Date().toISOString().slice(0, 16).replace(/[:T]/g, '')}.json`), JSON.stringify({ seeds: SEEDS, rows }, null, 2));
