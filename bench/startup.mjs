// 3. Startup with the default worker count (4 x CPUs = 8 here; tasks default to
// the same). Three figures per repetition, all wall time seen from outside:
//  - toStartMs: spawn of `racecheck run` -> the supervisor prints the scenario
//    header, which it does on the run process's 'start' event; the run process
//    emits it after bundling, importing and starting every worker actor's
//    session (all threads ready), right before round 1's setup() and first op.
//  - oneRoundMs: the same process (`--rounds 1 --ops 1`) until exit: startup,
//    one round of 1 op per actor, pool shutdown, report.
//  - cliOnlyMs: `racecheck --version` (node + the CLI's imports, no run process).
// Plus an in-process breakdown of the run process's phases (startup-phases.mjs).
import path from 'node:path';
import { BIN, ROOT, rel } from './lib/paths.mjs';
import { parseJson, timed } from './lib/proc.mjs';
import { median, round } from './lib/stats.mjs';

export const STARTUP_TARGET_MS = 500;

export async function startup(file, reps, log) {
  const runs = [];
  for (let i = 0; i < reps; i++) {
    const r = await timed(
      [BIN, 'run', rel(file), '--seed', '1', '--rounds', '1', '--ops', '1', '--reporter', 'default', '--reporter', 'json'],
      { marks: { start: /^racecheck /m }, timeoutMs: 60_000 },
    );
    const v = await timed([BIN, '--version']);
    const n = await timed(['-e', '0']);
    const settings = parseJson(r.stdout)?.files?.[0]?.scenarios?.[0]?.settings;
    runs.push({ toStartMs: r.marks.start ?? null, oneRoundMs: r.wallMs, cliOnlyMs: v.wallMs, nodeMs: n.wallMs, code: r.code, workers: settings?.workers, tasks: settings?.tasks });
    log(`  rep ${i + 1}: start event at ${Math.round(r.marks.start)} ms, one round ${Math.round(r.wallMs)} ms, --version ${Math.round(v.wallMs)} ms, node -e 0 ${Math.round(n.wallMs)} ms`);
  }
  const phases = [];
  for (let i = 0; i < reps; i++) {
    const p = await timed([path.join(ROOT, 'bench/startup-phases.mjs'), file]);
    const j = parseJson(p.stdout);
    if (j) phases.push(j);
  }
  const med = (k) => round(median(runs.map((r) => r[k])), 0);
  const min = (k) => round(Math.min(...runs.map((r) => r[k] ?? Infinity)), 0);
  const phaseMed = {};
  for (const k of Object.keys(phases[0] ?? {})) phaseMed[k] = round(median(phases.map((p) => p[k])), 1);
  return {
    file: rel(file),
    workers: runs[0]?.workers,
    tasks: runs[0]?.tasks,
    toStartMs: med('toStartMs'),
    oneRoundMs: med('oneRoundMs'),
    cliOnlyMs: med('cliOnlyMs'),
    nodeMs: med('nodeMs'),
    // The least disturbed repetition: what the machine does when nothing else runs.
    best: { toStartMs: min('toStartMs'), oneRoundMs: min('oneRoundMs'), cliOnlyMs: min('cliOnlyMs'), nodeMs: min('nodeMs') },
    phases: phaseMed,
    targetMs: STARTUP_TARGET_MS,
    pass: median(runs.map((r) => r.toStartMs)) <= STARTUP_TARGET_MS,
    runs,
  };
}
