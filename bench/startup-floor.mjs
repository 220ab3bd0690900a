// The floor under racecheck's start-up with N worker threads on this machine
// (issue 12), wall time, median of reps:
//  - nodeToFirstLineMs: spawn of `node file.mjs` (with an IPC channel, as the run
//    process is forked) -> the file's first line runs;
//  - bareWorkersMs: N `new Worker` of a one-line CommonJS file -> each posted a message;
//  - piscinaPoolMs: import piscina, a pool of N threads, each runs one task;
//  - apiImportMs: a fresh thread imports racecheck's API (dist/index.js, what a
//    scenario's `import 'racecheck'` loads), and, by module, the dearest ones.
// `npm run build` first.   node bench/startup-floor.mjs [workers=8] [reps=5]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { DIST, ROOT } from './lib/paths.mjs';
import { median, round } from './lib/stats.mjs';

const N = Number(process.argv[2] ?? 8);
const REPS = Number(process.argv[3] ?? 5);
const dir = mkdtempSync(path.join(tmpdir(), 'racecheck-floor-'));
const line = path.join(dir, 'line.mjs');
writeFileSync(line, 'process.stderr.write(`T ${performance.timeOrigin + performance.now()}\\n`);\n');
const task = path.join(dir, 'task.cjs');
writeFileSync(task, "const { parentPort } = require('node:worker_threads');\nif (parentPort && !process.env.PISCINA_TASK) parentPort.postMessage(1);\nmodule.exports = () => 1;\n");
const now = () => performance.timeOrigin + performance.now();

function nodeToFirstLine() {
  const t0 = now();
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [line], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    c.stderr.on('data', (d) => {
      const m = /T (\S+)/.exec(String(d));
      if (m) { resolve(Number(m[1]) - t0); c.kill(); }
    });
  });
}

async function bareWorkers() {
  const t0 = now();
  const ws = await Promise.all(Array.from({ length: N }, () => new Promise((resolve) => {
    const w = new Worker(task);
    w.once('message', () => resolve(w));
  })));
  const ms = now() - t0;
  await Promise.all(ws.map((w) => w.terminate()));
  return ms;
}

async function piscinaPool() {
  const t0 = now();
  const { Piscina } = createRequire(path.join(ROOT, 'package.json'))('piscina');
  process.env.PISCINA_TASK = '1';
  const pool = new Piscina({ filename: task, minThreads: N, maxThreads: N, idleTimeout: Infinity });
  await Promise.all(Array.from({ length: N }, () => pool.run(0)));
  const ms = now() - t0;
  await pool.destroy();
  delete process.env.PISCINA_TASK;
  return ms;
}

// racecheck's API graph, in import order (dependencies first).
const graph = [];
(function walk(f) {
  if (graph.includes(f)) return;
  for (const m of readFileSync(f, 'utf8').matchAll(/(?:\bfrom\s*|\bimport\s*)'(\.{1,2}\/[^']+\.js)'/g)) walk(path.resolve(path.dirname(f), m[1]));
  graph.push(f);
})(path.join(DIST, 'index.js'));

function apiImport() {
  const files = [line, ...graph];
  const code = `const out = []; (async () => { for (const f of ${JSON.stringify(files)}) { const t = performance.now(); await import(f); out.push(performance.now() - t); } require('node:worker_threads').parentPort.postMessage(out); })();`;
  return new Promise((resolve) => {
    const w = new Worker(code, { eval: true, stderr: true });
    w.once('message', (out) => { resolve(out); void w.terminate(); });
  });
}

const runs = { nodeToFirstLineMs: [], bareWorkersMs: [], piscinaPoolMs: [], apiImportMs: [] };
const byModule = graph.map(() => []);
for (let i = 0; i < REPS; i++) {
  runs.nodeToFirstLineMs.push(await nodeToFirstLine());
  runs.bareWorkersMs.push(await bareWorkers());
  runs.piscinaPoolMs.push(await piscinaPool());
  const out = await apiImport();
  runs.apiImportMs.push(out.slice(1).reduce((a, b) => a + b, 0));
  out.slice(1).forEach((ms, j) => byModule[j].push(ms));
}
rmSync(dir, { recursive: true, force: true });
const dearest = graph.map((f, j) => [path.relative(DIST, f), round(median(byModule[j]), 1)]).sort((a, b) => b[1] - a[1]).slice(0, 4);
console.log(JSON.stringify({ workers: N, reps: REPS, ...Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, round(median(v), 0)])), apiModules: graph.length, dearestApiModulesMs: Object.fromEntries(dearest) }, null, 2));
