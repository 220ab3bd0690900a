// Issue 12: racecheck against the two references, whole process (spawn -> exit),
// in alternating pairs so machine load hits both sides alike; medians of the pairs.
// Every repetition runs both pairs, so the two ratios come from the same minutes.
//  - loop-only finding: `racecheck run scenarios/loop-lost-update-buggy.ts --seed 1`
//    vs bench/baseline/loop-reference.mjs (bundle + 8 tasks under seeded yields).
//  - 8-worker finding: `racecheck run scenarios/counter-buggy.ts --seed 1`
//    vs bench/baseline/pool-reference.mjs (bare piscina pool of 8 threads, one task each).
//   node bench/reference.mjs [--reps N]      (standalone; `npm run bench -- --only reference`)
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, ROOT } from './lib/paths.mjs';
import { timed } from './lib/proc.mjs';
import { median, round } from './lib/stats.mjs';

export const REFERENCE_TARGET = 1.6;
const PAIRS = [
  { name: 'loop-only finding', file: 'scenarios/loop-lost-update-buggy.ts', ref: 'bench/baseline/loop-reference.mjs', refArgs: [] },
  { name: '8-worker finding', file: 'scenarios/counter-buggy.ts', ref: 'bench/baseline/pool-reference.mjs', refArgs: ['--workers', '8'] },
];

export async function reference(reps, log) {
  // Both works in every repetition, racecheck and its reference back to back, with the
  // order turned round each time: a burst of load on this shared machine falls on both
  // sides of both ratios alike, so the two ratios printed side by side share their load.
  const acc = PAIRS.map(() => ({ rc: [], ref: [], ratios: [], codes: new Set(), load: [] }));
  for (let i = 0; i < reps; i++) {
    const order = i % 2 === 0 ? [0, 1] : [1, 0];
    for (const k of order) {
      const p = PAIRS[k];
      const a = acc[k];
      const runRc = () => timed([BIN, 'run', p.file, '--seed', '1', '--reporter', 'json'], { timeoutMs: 60_000 });
      const runRef = () => timed([path.join(ROOT, p.ref), p.file, '--seed', '1', ...p.refArgs], { timeoutMs: 60_000 });
      a.load.push(os.loadavg()[0]);
      const [x, y] = i % 2 === 0 ? [await runRc(), await runRef()] : [await runRef(), await runRc()];
      const [rc, ref] = i % 2 === 0 ? [x, y] : [y, x];
      a.rc.push(rc.wallMs);
      a.ref.push(ref.wallMs);
      a.ratios.push(rc.wallMs / ref.wallMs);
      a.codes.add(`${rc.code}/${ref.code}`);
      log(`  rep ${i + 1} ${p.name}: racecheck ${Math.round(rc.wallMs)} ms (exit ${rc.code}), reference ${Math.round(ref.wallMs)} ms (exit ${ref.code}), ${(rc.wallMs / ref.wallMs).toFixed(2)}x, load ${os.loadavg()[0].toFixed(2)}`);
    }
  }
  return PAIRS.map((p, k) => {
    const a = acc[k];
    const ratio = median(a.rc) / median(a.ref);
    // Exit 1 on both sides: both found the bug (a run that finds nothing is no comparison).
    const bothFound = a.codes.size === 1 && a.codes.has('1/1');
    return {
      name: p.name, file: p.file, reference: p.ref, reps,
      racecheckMs: round(median(a.rc)), referenceMs: round(median(a.ref)), ratio: round(ratio, 2),
      pairRatio: round(median(a.ratios), 2), // the median of the per-pair ratios: the load of each pair cancels out
      bothFound, target: REFERENCE_TARGET, pass: ratio <= REFERENCE_TARGET && bothFound,
      loadAvg: [round(Math.min(...a.load), 2), round(Math.max(...a.load), 2)],
      racecheckRuns: a.rc.map((x) => round(x)), referenceRuns: a.ref.map((x) => round(x)),
    };
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--reps');
  const rows = await reference(i > 0 ? Number(process.argv[i + 1]) : 7, (l) => process.stderr.write(l + '\n'));
  for (const r of rows) console.log(`${r.name}: racecheck ${r.racecheckMs} ms, reference ${r.referenceMs} ms, ratio ${r.ratio}x (median of pair ratios ${r.pairRatio}x; target <= ${r.target}x) ${r.pass ? 'pass' : 'MISS'}${r.bothFound ? '' : ' (not both found)'}, load ${r.loadAvg.join(' to ')}`);
}
