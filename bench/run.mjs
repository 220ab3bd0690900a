// `npm run bench`: racecheck's benchmark (issue 4). Sections run one after the
// other, never in parallel (2 cores: concurrent measurements would disturb each
// other). Prints markdown tables; writes bench/results/latest.json (full runs)
// or bench/results/dev.json (--quick, --only, --filter, --seeds).
//
//   node bench/run.mjs [--quick] [--only detect,reference,peer,overhead,startup,files,memory]
//                      [--filter <substring of scenario file>] [--seeds N]
//                      [--memory-file scenarios/x-fixed.ts] [--reps N]
// --quick: 10 s memory run instead of 60 s.
// --reps N: overhead runs N times per configuration, alternating, best of N
//   (default 1: a busy machine makes single runs noisy; 2-3 on a quiet one).
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { discover, describe } from './lib/scenarios.mjs';
import { distReady, RESULTS, rel, scenarioFiles } from './lib/paths.mjs';
import { detect } from './detect.mjs';
import { peer } from './peer.mjs';
import { ledgerCost, ledgerMicro, overhead } from './overhead.mjs';
import { startup } from './startup.mjs';
import { reference } from './reference.mjs';
import { files } from './files.mjs';
import { memory } from './memory.mjs';
import { renderDetect, renderLedger, renderLedgerMicro, renderMemory, renderOverhead, renderFiles, renderPeer, renderReference, renderStartup, renderTargets, targetsOf } from './report.mjs';

const SECTIONS = ['detect', 'reference', 'peer', 'overhead', 'startup', 'files', 'memory'];
const argv = process.argv.slice(2);
const opt = (name) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const quick = argv.includes('--quick');
const only = opt('only')?.split(',') ?? SECTIONS;
for (const s of only) if (!SECTIONS.includes(s)) {
  console.error(`bench: unknown section "${s}" (expected ${SECTIONS.join(', ')})`);
  process.exit(2);
}
const filter = opt('filter');
const seedCount = Number(opt('seeds') ?? 10);
const seeds = Array.from({ length: seedCount }, (_, i) => i + 1);
const reps = Number(opt('reps') ?? 1);
const dev = quick || only.length < SECTIONS.length || filter !== undefined || seedCount !== 10;

if (!distReady()) {
  console.error('bench: dist/ is missing or incomplete; run `npm run build` first (the bench runs the built CLI, bin/racecheck.js -> dist/).');
  process.exit(2);
}

const log = (line) => process.stderr.write(line + '\n');
const started = performance.now();
const { buggy: allBuggy, fixed: allFixed } = await discover();
const pick = (list) => list.filter((i) => !filter || i.rel.includes(filter));
const buggy = pick(allBuggy);
const fixed = pick(allFixed);
for (const i of [...allBuggy, ...allFixed]) if (i.loadError) log(`bench: ${i.rel} does not load: ${i.loadError}`);
log(`bench: ${buggy.length} buggy, ${fixed.length} fixed scenario files; sections: ${only.join(', ')}; ${seeds.length} seeds`);

const res = {};
// Other work on this 2-core machine (tests, builds) skews every figure: record
// the 1-minute load average around each section so the numbers can be judged.
const load = {};
const phase = async (name, fn) => {
  if (!only.includes(name)) return;
  const t = performance.now();
  const before = os.loadavg()[0];
  log(`\n## ${name} (load average ${before.toFixed(2)})`);
  await fn();
  load[name] = { before: Number(before.toFixed(2)), after: Number(os.loadavg()[0].toFixed(2)), seconds: Math.round((performance.now() - t) / 1000) };
  log(`  (${load[name].seconds} s, load average now ${load[name].after})`);
};

await phase('detect', async () => {
  res.detect = await detect(buggy, seeds, log);
});
await phase('reference', async () => {
  res.reference = await reference(7, log);
});
await phase('peer', async () => {
  // racecheck's side of the comparison comes from section 1; measure it here if that section was skipped.
  const detectRows = res.detect ?? await detect(buggy.filter((b) => b.loopOnly), seeds, log);
  res.peer = await peer(buggy, detectRows, seeds, log);
});
await phase('overhead', async () => {
  res.overhead = await overhead(fixed, log, reps);
  res.ledger = await ledgerCost(log);
  res.ledgerMicro = await ledgerMicro(log);
});
await phase('startup', async () => {
  const counter = scenarioFiles('-fixed.ts').find((f) => path.basename(f) === 'counter-fixed.ts') ?? scenarioFiles('-fixed.ts')[0];
  res.startup = await startup(counter, 10, log);
});
await phase('files', async () => {
  res.files = await files(log);
});
await phase('memory', async () => {
  // The ledger is what must stay bounded: the fixed scenario with worker threads
  // and the most transitions per second in the overhead runs; without those runs
  // (--only), the first fixed scenario with transitions and workers.
  const heaviest = (res.overhead ?? [])
    .filter((o) => o.hasWorkers && o.transitionsPerSec > 0)
    .sort((a, b) => b.transitionsPerSec - a.transitionsPerSec)[0];
  const chosen = opt('memory-file')
    ? await describe(path.resolve(opt('memory-file')))
    : allFixed.find((f) => f.rel === heaviest?.file)
      ?? allFixed.find((f) => f.usesTransition && !f.loopOnly && !f.loadError)
      ?? allFixed[0];
  log(`  scenario: ${chosen.rel}${heaviest ? ` (most ledger traffic with workers: ${heaviest.transitionsPerSec} transitions/s)` : ''}`);
  res.memory = await memory(chosen, quick ? 10 : 60, log);
});

const targets = targetsOf(res);
const totalS = (performance.now() - started) / 1000;
const meta = {
  date: new Date().toISOString(),
  node: process.version,
  machine: { cpus: os.availableParallelism(), model: os.cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(os.totalmem() / 2 ** 30), platform: `${os.platform()} ${os.release()}` },
  command: `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
  totalSeconds: Math.round(totalS),
};

const md = [
  `# racecheck bench — ${meta.date.slice(0, 10)}, Node ${meta.node}, ${meta.machine.cpus} cores (${meta.machine.model})`,
  res.detect && `\n## 1. Time to detect (spawn -> exit, ${seeds.length} seeds, --duration 10s)\n\n${renderDetect(res.detect)}`,
  res.reference && `\n## 1b. Against the references (whole process, median of 7 alternating pairs)\n\n${renderReference(res.reference)}`,
  res.overhead && `\n## 2. Overhead (ops/s, --duration 5s, seed 1, default actors${reps > 1 ? `, best of ${reps}` : ''})\n\n${renderOverhead(res.overhead)}\n\nLedger cost on the fixed counter:\n\n${renderLedger(res.ledger)}${res.ledgerMicro ? `\n\nLedger cost per transition, single-threaded (\`bench/micro-ledger.mjs\`: runActor + ring + LedgerValidator, default checksum):\n\n${renderLedgerMicro(res.ledgerMicro)}` : ''}`,
  res.startup && `\n## 3. Startup\n\n${renderStartup(res.startup)}`,
  res.files && `\n## 3b. Many files (one \`racecheck run scenarios/\`, spawn -> exit)\n\n${renderFiles(res.files)}`,
  res.memory && `\n## 4. Memory\n\n${renderMemory(res.memory)}`,
  res.peer && `\n## 5. Against the peer (fast-check fc.scheduler())\n\n${renderPeer(res.peer)}`,
  `\n## Targets\n\n${renderTargets(targets)}`,
  `\n1-minute load average before/after each section: ${Object.entries(load).map(([k, v]) => `${k} ${v.before}/${v.after}`).join(', ')} (2 cores: above 2 means other work competed for the CPU).`,
  `\n(${meta.command}: ${Math.round(totalS)} s)`,
].filter(Boolean).join('\n');
process.stdout.write(md + '\n');

mkdirSync(RESULTS, { recursive: true });
writeFileSync(path.join(RESULTS, dev ? 'dev.md' : 'latest.md'), md + '\n');
const out = path.join(RESULTS, dev ? 'dev.json' : 'latest.json');
writeFileSync(out, JSON.stringify({ ...meta, seeds, load, targets: targets.map(([target, measured, pass]) => ({ target, measured, pass })), ...res }, null, 2) + '\n');
log(`\nbench: wrote ${rel(out)}`);
