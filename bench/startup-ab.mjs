// Two builds of racecheck on the same command, in alternating pairs (the order turned
// round every pair), whole process spawn -> exit: the median of the per-pair ratios
// B/A says what a change did to start-up on a shared machine (load hits both alike).
// Each side is a built checkout (or a copy of bin/, dist/ and package.json with
// node_modules beside it). Run from the checkout whose scenarios the args name.
//   node bench/startup-ab.mjs <binA> <binB> <pairs> -- run scenarios/x.ts --seed 1 --reporter json
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { median, round } from './lib/stats.mjs';

const [a, b, pairs] = process.argv.slice(2, 5);
const sep = process.argv.indexOf('--');
if (!a || !b || !Number(pairs) || sep < 0) {
  console.error('usage: node bench/startup-ab.mjs <binA> <binB> <pairs> -- <racecheck args>');
  process.exit(2);
}
const args = process.argv.slice(sep + 1);
const run = (bin) => {
  const t = performance.now();
  const r = spawnSync(process.execPath, [bin, ...args], { stdio: ['ignore', 'ignore', 'ignore'] });
  return { ms: performance.now() - t, code: r.status };
};
const as = [];
const bs = [];
const ratios = [];
const codes = new Set();
const load = [os.loadavg()[0]];
for (let i = 0; i < Number(pairs); i++) {
  const [x, y] = i % 2 === 0 ? [run(a), run(b)] : (([q, p]) => [p, q])([run(b), run(a)]);
  as.push(x.ms);
  bs.push(y.ms);
  ratios.push(y.ms / x.ms);
  codes.add(`${x.code}/${y.code}`);
}
load.push(os.loadavg()[0]);
console.log(`A ${round(median(as))} ms, B ${round(median(bs))} ms, B/A median of ${pairs} pair ratios ${round(median(ratios), 3)}x; exit codes A/B ${[...codes].join(', ')}; load ${load.map((l) => l.toFixed(2)).join(' -> ')}`);
