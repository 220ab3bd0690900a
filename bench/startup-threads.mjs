// What one thread's start costs in CPU time (issue 12): each kind of thread is started
// alone, one after the other, and reports its own CPU time (utime + stime of
// /proc/thread-self/stat, 10 ms ticks) once it is ready, so the figure hardly depends
// on the machine's load (wall time would). Linux only; `npm run build` first.
//   node bench/startup-threads.mjs [reps]        (default 15; prints medians and means, ms)
import { Worker } from 'node:worker_threads';
import path from 'node:path';
import { DIST, ROOT, dist } from './lib/paths.mjs';

const reps = Number(process.argv[2] ?? 15);
const { bundleScenario } = await dist('scenario/load.js');
const bundle = await bundleScenario(path.join(ROOT, 'scenarios/counter-fixed.ts'));
const cpu = `require('fs').readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1].split(' ').slice(11, 13).reduce((a, b) => a + +b, 0) * 10`;
const done = `require('worker_threads').parentPort.postMessage(${cpu})`;
const imports = (files) => `Promise.all([${files.map((f) => `import(${JSON.stringify(f)})`).join(', ')}]).then(() => ${done})`;
const d = (rel) => path.join(DIST, rel);
const watchTick = ['shm/telemetry.js', 'shm/control.js', 'watch/channel.js', 'watch/detector.js', 'watch/sample.js', 'watch/cpu.js', 'sched/round-seed.js', 'duration.js'].map(d);
const watchReport = ['watch/findings.js', 'watch/stacks.js', 'watch/wedge.js', 'replay.js', 'watch/grade/lock-stats.js', 'watch/blame.js'].map(d);
const kinds = {
  'empty thread (Node bootstrap only)': done,
  "+ piscina's worker module": `require(${JSON.stringify(path.join(ROOT, 'node_modules/piscina/dist/worker.js'))}); ${done}`,
  "+ racecheck's worker modules (worker/entry.js)": imports([d('worker/entry.js')]),
  '+ entry.js and the scenario bundle (which imports racecheck)': `import(${JSON.stringify(d('worker/entry.js'))}).then(() => import(${JSON.stringify(bundle.path)})).then(() => ${done})`,
  "watchdog: the modules its 20 ms tick needs": imports(watchTick),
  'watchdog: all of watch/thread.js imports (tick + report-only modules)': imports([...watchTick, ...watchReport]),
};
const one = (code) => new Promise((resolve, reject) => {
  const w = new Worker(code, { eval: true });
  w.once('error', reject);
  w.once('message', (ms) => w.terminate().then(() => resolve(ms)));
});
const out = Object.fromEntries(Object.keys(kinds).map((k) => [k, []]));
for (let i = 0; i < reps; i++) for (const [k, code] of Object.entries(kinds)) out[k].push(await one(code));
bundle.dispose();
for (const [k, v] of Object.entries(out)) {
  v.sort((a, b) => a - b);
  console.log(`${k}: median ${v[Math.floor(v.length / 2)]} ms CPU, mean ${(v.reduce((a, b) => a + b, 0) / v.length).toFixed(1)} ms (${reps} threads)`);
}
