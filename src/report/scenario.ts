// One scenario's report: its status line, every finding, the error that stopped it,
// the per-side summary table and the replay command.
import type { ScenarioResult, SideSummary } from '../result.js';
import { renderFinding } from './finding.js';
import { formatCount, formatMs, opsPerSecond, plural, relPath } from './format.js';
import { statusBadge } from './kind.js';
import type { RenderContext } from './options.js';
import { scenarioReplay } from './replay.js';
import { renderTable } from './table.js';
import { clean, indent, lines } from './text.js';

export function renderScenarioLines(result: ScenarioResult, ctx: RenderContext): string[] {
  const { c } = ctx;
  const out = [
    `${statusBadge(result.status, c)} ${clean(relPath(result.file, ctx.cwd))} ${c.dim('>')} ${c.bold(clean(result.scenario))} ` +
      c.dim(`(${plural(result.rounds, 'round')}, ${formatMs(result.durationMs)})`),
  ];
  if (result.error !== undefined) out.push('', `${c.red.bold('could not run:')} ${lines(result.error)[0] ?? ''}`, ...indent(lines(result.error).slice(1), '  '));
  for (const finding of result.findings) out.push('', ...renderFinding(finding, ctx));
  for (const w of result.warnings ?? []) out.push('', `${c.yellow.bold('warning:')} ${clean(w)}`);
  if (result.sides.length > 0) out.push('', ...renderSides(result.sides, ctx));
  const stats = statsLine(result);
  if (stats) out.push(c.dim(stats));
  const replay = scenarioReplay(result);
  if (replay) out.push('', `${c.bold('replay:')} ${c.cyan(clean(replay))}`);
  return out;
}

function renderSides(sides: readonly SideSummary[], ctx: RenderContext): string[] {
  const rows = sides.map((s) => [s.kind, s.actors, formatCount(s.ops), formatCount(s.transitions), formatCount(s.yields), formatMs(s.maxOpMs)]);
  return renderTable(ctx.c, ['side', 'actors', 'ops', 'transitions', 'yields', 'max op'], rows, ['left', 'right', 'right', 'right', 'right', 'right']);
}

function statsLine(r: ScenarioResult): string {
  if (r.rounds === 0 && r.ops === 0) return '';
  const parts = [plural(r.rounds, 'round'), `${formatCount(r.ops)} ops`, `${formatCount(opsPerSecond(r.ops, r.durationMs))} ops/s`];
  if (r.eventLoop) parts.push(`event-loop delay max ${formatMs(r.eventLoop.maxMs)}, p99 ${formatMs(r.eventLoop.p99Ms)}`);
  return parts.join(' | ');
}
