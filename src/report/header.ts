// The lines printed before a scenario runs: enough to rerun it by hand even if the
// run is killed before any report.
import type { RunSettings, ScenarioResult } from '../result.js';
import { formatCount, formatMs, plural, relPath } from './format.js';
import type { RenderContext } from './options.js';
import { clean } from './text.js';

export type HeaderInfo = Pick<ScenarioResult, 'scenario' | 'file' | 'seed' | 'settings'> & {
  /** Counts the scenario fixes: the header says so (--workers/--tasks do not change them). */
  fixed?: { workers?: true; tasks?: true };
};

export function renderHeaderLines(info: HeaderInfo, ctx: RenderContext): string[] {
  const { c } = ctx;
  const s = info.settings;
  const row = (key: string, value: string) => `  ${c.dim(key.padEnd(8))}${value}`;
  return [
    `${c.bold('racecheck')} ${c.bold.cyan(clean(info.scenario))}`,
    row('file', relPath(info.file, ctx.cwd)),
    row('seed', String(info.seed)),
    row('actors', `${side(s.workers, 'worker', info.fixed?.workers)}, ${side(s.tasks, 'task', info.fixed?.tasks)}, ${s.opsFixed ? formatCount(s.opsPerRound) : `up to ${formatCount(s.opsPerRound)}`} ops per round`),
    row('budget', budget(s)),
  ];
}

/** `6 tasks`, or `6 tasks (fixed by the scenario)` when the scenario's count beats the flag. */
function side(n: number, what: string, fixed: true | undefined): string {
  return fixed ? `${plural(n, what)} (fixed by the scenario)` : plural(n, what);
}

export function budget(s: RunSettings): string {
  if (s.round !== undefined) return `round ${s.round} only (replay)`;
  const limits: string[] = [];
  if (Number.isFinite(s.durationMs) && s.durationMs > 0) limits.push(formatMs(s.durationMs));
  if (s.rounds !== undefined) limits.push(plural(s.rounds, 'round'));
  const text = limits.length === 0 ? 'unlimited' : limits.join(' or ') + (limits.length > 1 ? ', whichever comes first' : '');
  return `${text}; ${s.bail ? 'stops at the first finding' : 'keeps going after findings'}`;
}
