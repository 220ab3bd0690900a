// The end-of-run summary: one status line per file, run-level errors, totals.
import type { RunResult, ScenarioResult } from '../result.js';
import { formatCount, formatMs, plural } from './format.js';
import { statusBadge, statusLabel, type Status } from './kind.js';
import type { RenderContext } from './options.js';
import { countKinds, countStatuses, describeKinds, groupByFile, runErrors } from './tally.js';
import { clean, lines } from './text.js';

export function renderSummaryLines(result: RunResult, ctx: RenderContext): string[] {
  const { c } = ctx;
  const files = groupByFile(result, ctx.cwd);
  // Pad the plain label, then colour it: escape codes would throw the padding off.
  const badge = (s: Status) => statusBadge(s, c) + ' '.repeat(Math.max(0, 5 - statusLabel(s).length));
  const width = Math.max(0, ...files.map((f) => f.file.length));
  const out: string[] = [];
  for (const f of files) {
    out.push(`${badge(f.status)} ${f.file.padEnd(width)}  ${c.dim(outcome(f.scenarios))}`);
    // A file with several scenarios names the ones that did not pass.
    if (f.scenarios.length > 1) {
      for (const s of f.scenarios) if (s.status !== 'pass') out.push(`      ${statusLabel(s.status).toLowerCase()}: ${clean(s.scenario)}  ${c.dim(outcome([s]))}`);
    }
  }
  for (const e of runErrors(result)) out.push(`${badge('error')} ${lines(e).join(' ')}`);

  const fileCounts = countStatuses(files.map((f) => f.status));
  const scenarioCounts = countStatuses(result.scenarios.map((s) => s.status));
  const kinds = countKinds(result.scenarios);
  const findings = Object.values(kinds).reduce((a, b) => a + b, 0);
  const row = (key: string, value: string) => `${c.dim(key.padEnd(10))}${value}`;
  out.push(
    '',
    row('Files', `${statusCounts(fileCounts)} (${files.length})`),
    row('Scenarios', `${statusCounts(scenarioCounts)} (${result.scenarios.length})`),
    row('Findings', findings === 0 ? '0' : `${findings} (${describeKinds(kinds)})`),
    row('Ops', `${formatCount(sum(result.scenarios, 'ops'))} in ${plural(sum(result.scenarios, 'rounds'), 'round')}`),
    row('Duration', formatMs(result.durationMs)),
    row('Status', statusBadge(result.status, c)),
  );
  return out;
}

function outcome(scenarios: readonly ScenarioResult[]): string {
  const errors = scenarios.filter((s) => s.error !== undefined).map((s) => lines(s.error!)[0] ?? '');
  if (errors.length > 0) return errors.join('; ');
  const kinds = countKinds(scenarios);
  const n = Object.values(kinds).reduce((a, b) => a + b, 0);
  const rounds = sum(scenarios, 'rounds');
  return n === 0 ? plural(rounds, 'round') : `${plural(n, 'finding')}: ${describeKinds(kinds)}`;
}

function statusCounts(counts: Record<Status, number>): string {
  const parts = [
    counts.fail > 0 ? `${counts.fail} failed` : '',
    counts.error > 0 ? `${counts.error} error${counts.error === 1 ? '' : 's'}` : '',
    counts.interrupted > 0 ? `${counts.interrupted} interrupted` : '',
    counts.pass > 0 ? `${counts.pass} passed` : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' | ') : 'none';
}

function sum(scenarios: readonly ScenarioResult[], key: 'ops' | 'rounds'): number {
  return scenarios.reduce((total, s) => total + s[key], 0);
}
