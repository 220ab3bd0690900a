// The end-of-run summary: one status line per file, run-level errors, totals.
import type { RunResult, ScenarioResult } from '../result.js';
import { formatCount, formatMs, plural, relPath } from './format.js';
import { statusBadge, statusLabel, type Status } from './kind.js';
import type { RenderContext } from './options.js';
import { countKinds, countStatuses, describeFindings, describeKinds, groupByFile, runErrors, total } from './tally.js';
import { clean, lines } from './text.js';

export function renderSummaryLines(result: RunResult, ctx: RenderContext): string[] {
  const { c } = ctx;
  const files = groupByFile(result, ctx.cwd);
  // Pad the plain label, then colour it: escape codes would throw the padding off.
  const badge = (s: Status) => statusBadge(s, c) + ' '.repeat(Math.max(0, 5 - statusLabel(s).length));
  const skipped = (result.skipped ?? []).map((f) => clean(relPath(f.file, ctx.cwd)));
  const width = Math.max(0, ...files.map((f) => clean(f.file).length), ...skipped.map((f) => f.length));
  const out: string[] = [];
  for (const f of files) {
    out.push(`${badge(f.status)} ${clean(f.file).padEnd(width)}  ${c.dim(outcome(f.scenarios))}`);
    // A file with several scenarios names the ones that did not pass.
    if (f.scenarios.length > 1) {
      for (const s of f.scenarios) if (s.status !== 'pass') out.push(`      ${statusLabel(s.status).toLowerCase()}: ${clean(s.scenario)}  ${c.dim(outcome([s]))}`);
    }
  }
  for (const f of skipped) out.push(`${c.dim('SKIP ')} ${f.padEnd(width)}  ${c.dim('no scenario matches the --scenario filter')}`);
  for (const e of runErrors(result)) out.push(`${badge('error')} ${lines(e).join(' ')}`);

  const fileCounts = countStatuses(files.map((f) => f.status));
  const scenarioCounts = countStatuses(result.scenarios.map((s) => s.status));
  const kinds = countKinds(result.scenarios);
  const findings = total(kinds);
  const ignored = total(countKinds(result.scenarios, 'ignored'));
  const row = (key: string, value: string) => `${c.dim(key.padEnd(10))}${value}`;
  out.push(
    '',
    row('Files', `${statusCounts(fileCounts, skipped.length)} (${files.length + skipped.length})`),
    row('Scenarios', `${statusCounts(scenarioCounts)} (${result.scenarios.length})`),
    row('Findings', findings === 0 ? '0' : `${findings} (${describeKinds(kinds)})${ignored > 0 ? `, ${ignored} ignored by --fail-on` : ''}`),
    row('Ops', `${formatCount(sum(result.scenarios, 'ops'))} in ${plural(sum(result.scenarios, 'rounds'), 'round')}`),
    row('Duration', formatMs(result.durationMs)),
    row('Status', statusBadge(result.status, c)),
  );
  return out;
}

function outcome(scenarios: readonly ScenarioResult[]): string {
  const errors = scenarios.filter((s) => s.error !== undefined).map((s) => lines(s.error!)[0] ?? '');
  if (errors.length > 0) return errors.join('; ');
  return describeFindings(scenarios) || plural(sum(scenarios, 'rounds'), 'round');
}

function statusCounts(counts: Record<Status, number>, skipped = 0): string {
  const parts = [
    counts.fail > 0 ? `${counts.fail} failed` : '',
    counts.error > 0 ? `${counts.error} error${counts.error === 1 ? '' : 's'}` : '',
    counts.interrupted > 0 ? `${counts.interrupted} interrupted` : '',
    counts.pass > 0 ? `${counts.pass} passed` : '',
    skipped > 0 ? `${skipped} skipped` : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' | ') : 'none';
}

function sum(scenarios: readonly ScenarioResult[], key: 'ops' | 'rounds'): number {
  return scenarios.reduce((total, s) => total + s[key], 0);
}

/** "Reports   junit rc.xml, github-actions stdout": where each machine report went. */
export function renderWrittenLine(written: readonly { reporter: string; to: string }[], ctx: RenderContext): string {
  const where = written.map((w) => `${w.reporter} ${ctx.c.cyan(clean(w.to))}`).join(', ');
  return `${ctx.c.dim('Reports'.padEnd(10))}${where || 'none'}`;
}
