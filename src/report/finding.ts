// One finding as a block of lines: badge and check, the cause, where, who, the first
// bad transitions, the stack and the extra details. Shared by the default reporter
// (coloured) and the JUnit failure bodies (plain).
import type { ActorRef, Finding, TransitionRecord } from '../result.js';
import { formatMs, hex8, relPath } from './format.js';
import { kindBadge } from './kind.js';
import type { RenderContext } from './options.js';
import { trimStack } from './stack.js';
import { renderTable } from './table.js';
import { clean, indent, lines } from './text.js';
import { renderFollowUp, renderTrace } from './trace.js';

// Enough to see the interleaving; the rest is in --verbose and the JSON report.
const MAX_TRANSITIONS = 8;
const MAX_ACTORS = 12;
const MAX_ACTOR_STACKS = 4;

export function renderFinding(finding: Finding, ctx: RenderContext): string[] {
  const { c } = ctx;
  // An ignored finding says so where it starts: it is reported, and it does not fail.
  const ignored = finding.ignored ? ` ${c.yellow('ignored by --fail-on')}` : '';
  const out = [`${kindBadge(finding.kind, c)} ${c.bold(clean(finding.check))} ${c.dim(`(round ${finding.round})`)}${ignored}`];
  out.push(...indent(lines(finding.message), '  '));
  if (finding.location) {
    const { file, line, column } = finding.location;
    out.push(c.dim(`  at ${relPath(file, ctx.cwd)}:${line}${column !== undefined ? `:${column}` : ''}`));
  }
  if (finding.actors.length > 0) out.push('  actors:', ...indent(renderActors(finding.actors, ctx), '    '));
  if (finding.transitions && finding.transitions.length > 0) {
    out.push('  transitions:', ...indent(renderTransitions(finding.transitions, ctx), '    '));
  }
  if (finding.stack) out.push('  stack:', ...indent(trimStack(finding.stack, ctx), '    '));
  out.push(...indent(renderFollowUp(finding, ctx), '  '));
  out.push(...indent(renderTrace(finding, ctx), '  '));
  if (finding.details && finding.details.length > 0) {
    out.push(...indent(finding.details.flatMap((d) => lines(d)), '  '));
  }
  return out;
}

function renderActors(actors: readonly ActorRef[], ctx: RenderContext): string[] {
  const { c } = ctx;
  const shown = ctx.verbose ? actors : actors.slice(0, MAX_ACTORS);
  const width = Math.max(...shown.map((a) => clean(a.name).length));
  const out: string[] = [];
  let stacks = 0;
  for (const a of shown) {
    const parts = [c.bold(clean(a.name).padEnd(width))];
    if (a.op !== undefined) parts.push(`op ${clean(a.op)}`);
    if (a.label !== undefined) parts.push(`at ${c.cyan(`"${clean(a.label)}"`)}`);
    if (a.stuckMs !== undefined) parts.push(c.yellow(`stuck ${formatMs(a.stuckMs)}`));
    if (a.state !== undefined) parts.push(`(${clean(a.state)})`);
    out.push(parts.join('  '));
    // Deadlocks are read from the stuck actors' stacks, but 32 of them bury the cycle.
    if (a.stack && (ctx.verbose || stacks < MAX_ACTOR_STACKS)) {
      stacks++;
      out.push(...indent(trimStack(a.stack, { ...ctx, maxFrames: ctx.verbose ? undefined : 4 }), '  '));
    }
  }
  if (shown.length < actors.length) out.push(c.dim(`... ${actors.length - shown.length} more actors (--verbose shows all)`));
  return out;
}

function renderTransitions(records: readonly TransitionRecord[], ctx: RenderContext): string[] {
  const shown = ctx.verbose ? records : records.slice(0, MAX_TRANSITIONS);
  const rows = shown.map((t) => [clean(t.actor), clean(t.op), `${t.from} -> ${t.to}`, hex8(t.checksumBefore), hex8(t.checksumAfter)]);
  const out = renderTable(ctx.c, ['actor', 'op', 'version', 'checksum before', 'checksum after'], rows);
  if (shown.length < records.length) out.push(ctx.c.dim(`... ${records.length - shown.length} more transitions (--verbose shows all)`));
  return out;
}
