// Many files (issue 12): `racecheck run scenarios/` as one process, spawn -> exit,
// files per second, and what each file cost beyond its own scenarios' run time
// (the supervisor's per-file overhead: run process start, bundling, threads,
// shutdown, reports). Two budgets: the default one and --duration 1s.
//   node bench/files.mjs [--duration 1s] [--reps N] [--against <checkout>]
// Standalone, with --against: the same command from another built checkout of
// racecheck (its own bin/ and scenarios/), in alternating runs (the order turned
// round each time), medians per side: a before/after on a shared machine.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from './lib/paths.mjs';
import { parseJson, timed } from './lib/proc.mjs';
import { median, round } from './lib/stats.mjs';

/** One `racecheck run scenarios/` from the checkout at `root`. */
async function folderRun(duration, root = ROOT) {
  const args = [path.join(root, 'bin/racecheck.js'), 'run', 'scenarios/', '--seed', '1', '--reporter', 'json', ...(duration ? ['--duration', duration] : [])];
  const loadBefore = os.loadavg()[0];
  const r = await timed(args, { timeoutMs: 15 * 60_000, cwd: root });
  const report = parseJson(r.stdout);
  const fileList = report?.files ?? [];
  const inScenarios = fileList.flatMap((f) => f.scenarios).reduce((a, s) => a + (s.durationMs ?? 0), 0);
  return {
    command: `racecheck run scenarios/ --seed 1 --reporter json${duration ? ` --duration ${duration}` : ''}`,
    files: fileList.length,
    wallMs: round(r.wallMs),
    filesPerSec: round((fileList.length / r.wallMs) * 1000, 2),
    scenarioMs: round(inScenarios),
    overheadPerFileMs: fileList.length ? round((r.wallMs - inScenarios) / fileList.length) : null,
    exit: r.code,
    statuses: Object.fromEntries(['pass', 'fail', 'error', 'interrupted'].map((k) => [k, fileList.flatMap((f) => f.scenarios).filter((s) => s.status === k).length])),
    load: [round(loadBefore, 2), round(os.loadavg()[0], 2)],
  };
}

export async function files(log, budgets = [undefined, '1s']) {
  const rows = [];
  for (const duration of budgets) {
    const row = await folderRun(duration);
    rows.push(row);
    log(`  ${row.command}: ${row.files} files in ${Math.round(row.wallMs)} ms = ${row.filesPerSec} files/s; ${row.overheadPerFileMs} ms per file beyond the scenarios' own run time (exit ${row.exit}, load ${row.load.join(' -> ')})`);
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const opt = (n) => (argv.includes(`--${n}`) ? argv[argv.indexOf(`--${n}`) + 1] : undefined);
  const duration = opt('duration');
  const reps = Number(opt('reps') ?? 1);
  const against = opt('against') && path.resolve(opt('against'));
  const sides = against ? [['this', ROOT], ['against', against]] : [['this', ROOT]];
  const runs = Object.fromEntries(sides.map(([k]) => [k, []]));
  for (let i = 0; i < reps; i++) {
    for (const [k, root] of i % 2 === 0 ? sides : [...sides].reverse()) {
      const r = await folderRun(duration, root);
      runs[k].push(r);
      console.error(`rep ${i + 1} ${k} (${root}): ${r.files} files in ${Math.round(r.wallMs)} ms = ${r.filesPerSec} files/s, ${r.overheadPerFileMs} ms per file beyond the scenarios' own run time, pass/fail/error ${r.statuses.pass}/${r.statuses.fail}/${r.statuses.error}, exit ${r.exit}, load ${r.load.join(' -> ')}`);
    }
  }
  for (const [k, root] of sides) {
    const rs = runs[k];
    console.log(`${k} (${root}): ${rs[0].command}: median ${round(median(rs.map((r) => r.wallMs)))} ms, ${round(median(rs.map((r) => r.filesPerSec)), 2)} files/s, ${round(median(rs.map((r) => r.overheadPerFileMs)))} ms per file beyond the scenarios' own run time (${reps} runs)`);
  }
  if (against) console.log(`files/s this / against: ${round(median(runs.this.map((r) => r.filesPerSec)) / median(runs.against.map((r) => r.filesPerSec)), 2)}x`);
}
