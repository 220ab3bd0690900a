// Many files (issue 12): `racecheck run scenarios/` as one process, spawn -> exit,
// files per second, and what each file cost beyond its own scenarios' run time
// (the supervisor's per-file overhead: run process start, bundling, threads,
// shutdown, reports). Two budgets: the default one and --duration 1s.
import { BIN } from './lib/paths.mjs';
import { parseJson, timed } from './lib/proc.mjs';
import { round } from './lib/stats.mjs';

export async function files(log, budgets = [undefined, '1s']) {
  const rows = [];
  for (const duration of budgets) {
    const args = [BIN, 'run', 'scenarios/', '--seed', '1', '--reporter', 'json', ...(duration ? ['--duration', duration] : [])];
    const r = await timed(args, { timeoutMs: 15 * 60_000 });
    const report = parseJson(r.stdout);
    const fileList = report?.files ?? [];
    const inScenarios = fileList.flatMap((f) => f.scenarios).reduce((a, s) => a + (s.durationMs ?? 0), 0);
    const row = {
      command: `racecheck run scenarios/ --seed 1 --reporter json${duration ? ` --duration ${duration}` : ''}`,
      files: fileList.length,
      wallMs: round(r.wallMs),
      filesPerSec: round((fileList.length / r.wallMs) * 1000, 2),
      scenarioMs: round(inScenarios),
      overheadPerFileMs: fileList.length ? round((r.wallMs - inScenarios) / fileList.length) : null,
      exit: r.code,
      statuses: Object.fromEntries(['pass', 'fail', 'error', 'interrupted'].map((k) => [k, fileList.flatMap((f) => f.scenarios).filter((s) => s.status === k).length])),
    };
    rows.push(row);
    log(`  ${row.command}: ${row.files} files in ${Math.round(row.wallMs)} ms = ${row.filesPerSec} files/s; ${row.overheadPerFileMs} ms per file beyond the scenarios' own run time (exit ${row.exit})`);
  }
  return rows;
}
