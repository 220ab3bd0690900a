// The command that replays a finding: same file, seed, round and every setting
// that shapes the schedule (actor counts depend on the machine, so they are
// spelled out rather than left to defaults).
import path from 'node:path';
import type { RunSettings } from '../result.js';
import { DEFAULT_YIELD } from '../sched/yield.js';
import { DEFAULT_SCHEDULER } from '../sched/settings.js';

export interface ReplaySubject {
  file: string;
  named: boolean;
  scenario: { name: string };
  seed: number;
}

const quote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

export function replayCommand(job: ReplaySubject, s: RunSettings, round: number | undefined, schedule?: string): string {
  const file = path.relative(process.cwd(), path.resolve(job.file)) || job.file;
  const parts = ['npx', 'racecheck', 'run', quote(file), '--seed', String(job.seed)];
  if (round !== undefined) parts.push('--round', String(round));
  if (job.named) parts.push('--scenario', quote(job.scenario.name));
  parts.push('--workers', String(s.workers), '--tasks', String(s.tasks), '--ops', String(s.opsPerRound));
  if (s.yieldMaxUs !== DEFAULT_YIELD.maxUs) parts.push('--yield-max', String(s.yieldMaxUs));
  if (s.yieldTurns !== DEFAULT_YIELD.turns) parts.push('--yield-turns', String(s.yieldTurns));
  // The round's schedule token fixes its decisions; without a round (a run's
  // replay) the scheduler settings rebuild the same rotation.
  if (round !== undefined && schedule !== undefined) parts.push('--schedule', schedule);
  else if (s.scheduler !== undefined && s.scheduler !== DEFAULT_SCHEDULER) parts.push('--scheduler', s.scheduler);
  if (round === undefined && s.pctDepth !== undefined) parts.push('--pct-depth', String(s.pctDepth));
  return parts.join(' ');
}
