// Issue 12: racecheck against the two references, whole process (spawn -> exit),
// in alternating pairs so machine load hits both sides alike; medians of the pairs.
//  - loop-only finding: `racecheck run scenarios/loop-lost-update-buggy.ts --seed 1`
//    vs bench/baseline/loop-reference.mjs (bundle + 8 tasks under seeded yields).
//  - 8-worker finding: `racecheck run scenarios/counter-buggy.ts --seed 1`
//    vs bench/baseline/pool-reference.mjs (bare piscina pool of 8 threads, one task each).
//   node bench/reference.mjs [--reps N]      (standalone; `npm run bench -- --only reference`)
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
  const rows = [];
  for (const p of PAIRS) {
    const rc = [];
    const ref = [];
    const codes = new Set();
    for (let i = 0; i < reps; i++) {
      const a = await timed([BIN, 'run', p.file, '--seed', '1', '--reporter', 'json'], { timeoutMs: 60_000 });
      const b = await timed([path.join(ROOT, p.ref), p.file, '--seed', '1', ...p.refArgs], { timeoutMs: 60_000 });
      rc.push(a.wallMs);
      ref.push(b.wallMs);
      codes.add(`${a.code}/${b.code}`);
      log(`  ${p.name} pair ${i + 1}: racecheck ${Math.round(a.wallMs)} ms (exit ${a.code}), reference ${Math.round(b.wallMs)} ms (exit ${b.code})`);
    }
    const ratio = median(rc) / median(ref);
    rows.push({
      name: p.name, file: p.file, reference: p.ref, reps,
      racecheckMs: round(median(rc)), referenceMs: round(median(ref)), ratio: round(ratio, 2),
      // Exit 1 on both sides: both found the bug (a run that finds nothing is no comparison).
      bothFound: codes.size === 1 && codes.has('1/1'),
      target: REFERENCE_TARGET, pass: ratio <= REFERENCE_TARGET && codes.size === 1 && codes.has('1/1'),
      racecheckRuns: rc.map((x) => round(x)), referenceRuns: ref.map((x) => round(x)),
    });
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--reps');
  const rows = await reference(i > 0 ? Number(process.argv[i + 1]) : 7, (l) => process.stderr.write(l + '\n'));
  for (const r of rows) console.log(`${r.name}: racecheck ${r.racecheckMs} ms, reference ${r.referenceMs} ms, ratio ${r.ratio}x (target <= ${r.target}x) ${r.pass ? 'pass' : 'MISS'}${r.bothFound ? '' : ' (not both found)'}`);
}
