// The interleaving trace of a controlled finding: one line per event, in order.
// Compact by default (the last steps before the failure, which is where the
// interleaving that matters is); whole with --verbose; all of it in the JSON.
import type { Finding, ShrinkShape, TraceStep } from '../result.js';
import type { RenderContext } from './options.js';
import { clean } from './text.js';
import { plural } from '../plural.js';

const COMPACT = 24;

function describe(e: TraceStep, ctx: RenderContext): string {
  const { c } = ctx;
  const name = clean(e.name ?? '');
  switch (e.event) {
    case 'run':
      return c.dim('scheduled');
    case 'op':
      return `op ${c.bold(name)}`;
    case 'yield':
      return e.label !== undefined ? `yield ${c.cyan(`"${clean(e.label)}"`)}` : 'yield';
    case 'enter':
      return `enter ${name} at version ${e.from}`;
    case 'exit':
      return `exit  ${name} ${e.from} -> ${e.to}`;
    case 'section-enter':
      return `enter section "${name}"`;
    case 'section-exit':
      return `leave section "${name}"`;
    case 'wait':
      return c.yellow(name === 'lock' ? 'waits for a lock' : `waits in ${name}`);
    case 'fail':
      return c.red(`FAILED: ${clean(e.message ?? '')}`);
    case 'done':
      return c.dim('done');
    default: {
      const never: never = e.event;
      return never;
    }
  }
}

export function renderTrace(f: Finding, ctx: RenderContext): string[] {
  const trace = f.trace;
  if (!trace || trace.length === 0) return [];
  // 'scheduled' lines repeat what the next line's actor says; compact drops them.
  const events = ctx.verbose ? trace : trace.filter((e) => e.event !== 'run');
  const shown = ctx.verbose ? events : events.slice(-COMPACT);
  const width = Math.max(...shown.map((e) => clean(e.actor).length));
  const steps = String(trace[trace.length - 1]!.step).length;
  const out = [`interleaving (schedule ${f.schedule ?? '?'}, ${trace[trace.length - 1]!.step} scheduling steps):`];
  const hidden = events.length - shown.length + (f.traceDropped ?? 0);
  if (hidden > 0) out.push(ctx.c.dim(`  ... ${hidden} earlier events${ctx.verbose ? '' : ' (--verbose shows all; JSON "trace")'}`));
  for (const e of shown) out.push(`  ${ctx.c.dim(`#${String(e.step).padStart(steps)}`)} ${clean(e.actor).padEnd(width)}  ${describe(e, ctx)}`);
  return out;
}

function shape(s: ShrinkShape): string {
  const sides = [s.workers > 0 ? plural(s.workers, 'worker') : '', s.tasks > 0 ? plural(s.tasks, 'task') : ''].filter(Boolean).join(' + ');
  return `${sides} x ${plural(s.ops, 'op')}`;
}

/** What happened after the finding: shrunk from what to what, or how often it reproduced. */
export function renderFollowUp(f: Finding, ctx: RenderContext): string[] {
  const out: string[] = [];
  if (f.shrunk) {
    const { from, to, runs } = f.shrunk;
    const depth = to.depth !== undefined ? `, PCT depth ${to.depth}` : '';
    out.push(`shrunk from ${shape(from)} to ${shape(to)}${depth} (${runs} candidate rounds); the replay runs the shrunk round`);
    const { original } = f.shrunk;
    if (original) out.push(`the original round saw it through another check (${original.check}): ${original.message}`);
  }
  if (f.reproduced) {
    const { runs, failed } = f.reproduced;
    const note = failed === runs ? '' : ctx.c.yellow(' (flaky: worker threads are interleaved by the OS)');
    out.push(`reproduced ${failed}/${runs} re-runs of its round${note}`);
  }
  return out;
}
