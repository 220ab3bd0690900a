// Shrink bench: every bundled bug run with the default settings (shrinking on,
// its 2 s box) over N seeds; for each run, the first finding's kind and check,
// the shape it was found in and the shape it shrank to (JSON `shrunk`), or its
// reproduction rate (`reproduced`) when it did not shrink. The issue's bar:
// every loop-only and controlled finding shrinks to at most 3 actors.
//   node bench/shrink.mjs [--seeds 3] [--only NAME[,NAME...]] [--jobs 2]
import { writeFileSync, mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { BIN, RESULTS, rel } from './lib/paths.mjs';
import { parseJson, scenariosOfReport, timed } from './lib/proc.mjs';
import { discover } from './lib/scenarios.mjs';
import { pool } from './lib/jobs.mjs';
import { table } from './lib/markdown.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const SEEDS = Number(arg('seeds', '3'));
const ONLY = arg('only', '').split(',').filter(Boolean);
const JOBS = Number(arg('jobs', '2'));

const shape = (s) => [s.workers ? `${s.workers}w` : '', s.tasks ? `${s.tasks}t` : ''].filter(Boolean).join('+') + ` x ${s.ops}`;
const actors = (s) => s.workers + s.tasks;
const controlled = (token) => typeof token === 'string' && /^v\d+:(pct|random)/.test(token);

async function one(info, seed) {
  const r = await timed([BIN, 'run', rel(info.file), '--seed', String(seed), '--duration', '10s', '--reporter', 'json'], { timeoutMs: 90_000 });
  const s = scenariosOfReport(parseJson(r.stdout));
  const f = s.flatMap((x) => x.findings)[0];
  if (!f) return { seed, code: r.code, finding: null };
  return {
    seed, code: r.code, finding: `${f.kind}/${f.check}`, schedule: f.schedule ?? null, controlled: controlled(f.schedule),
    shrunk: f.shrunk ?? null, reproduced: f.reproduced ?? null, replay: f.replay,
  };
}

const { buggy } = await discover();
const files = buggy.filter((i) => ONLY.length === 0 || ONLY.some((n) => i.base.includes(n)));
const seeds = Array.from({ length: SEEDS }, (_, i) => i + 1);
const rows = [];
for (const info of files) {
  const runs = await pool(seeds, JOBS, (seed) => one(info, seed));
  rows.push({ scenario: info.base, loopOnly: info.loopOnly, runs, load: loadavg()[0] });
  const cells = runs.map((x) => !x.finding ? `seed ${x.seed}: none (exit ${x.code})`
    : x.shrunk ? `seed ${x.seed}: ${x.finding} ${shape(x.shrunk.from)} -> ${shape(x.shrunk.to)}`
    : `seed ${x.seed}: ${x.finding} not shrunk${x.reproduced ? ` (reproduced ${x.reproduced.failed}/${x.reproduced.runs})` : ''}`);
  console.log(`${info.base}: ${cells.join('; ')}`);
}

// The bar: a loop-only or controlled finding ends at most 3 actors.
const verdict = (x) => {
  if (!x.finding) return 'no finding';
  const to = x.shrunk?.to;
  if (!to && (x.finding.startsWith('starvation') || x.finding === 'deadlock/timeout')) return 'not shrinkable (timing verdict)';
  if (!to && x.reproduced) return x.controlled ? '**not shrunk**' : `free-running, not shrunk (reproduced ${x.reproduced.failed}/${x.reproduced.runs})`;
  if (!to) return '**not shrunk**';
  return actors(to) <= 3 ? 'ok' : '**more than 3 actors**';
};
const md = table(['scenario', 'seed', 'finding', 'found in', 'shrunk to', 'candidate rounds', 'verdict'], rows.flatMap((row) => row.runs.map((x) => [
  row.scenario, x.seed, x.finding ?? '—', x.shrunk ? shape(x.shrunk.from) : x.reproduced ? `reproduced ${x.reproduced.failed}/${x.reproduced.runs}` : '—',
  x.shrunk ? `${shape(x.shrunk.to)}${x.shrunk.to.depth ? ` (pct d=${x.shrunk.to.depth})` : ''}` : '—', x.shrunk?.runs ?? '—', verdict(x),
])));
console.log(`\n${md}`);
mkdirSync(RESULTS, { recursive: true });
const stamp = new Date().toISOString().slice(0, 16).replace(/[-:T]/g, '');
writeFileSync(path.join(RESULTS, `shrink-${stamp}.json`), JSON.stringify(rows, null, 2));
