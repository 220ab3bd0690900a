// The command that replays a finding: same file, seed, round and every setting
// that shapes the schedule (actor counts depend on the machine, so they are
// spelled out rather than left to defaults).
import path from 'node:path';
import type { RunSettings } from './result.js';
import { OPTIONS, SETTING_ROWS, flagName } from './options.js';

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
  // The settings that shape the schedule (the table's `replay` column).
  for (const [, r] of SETTING_ROWS) {
    const v = s[r.setting];
    if (v === undefined || !r.replay || (r.replay === 'changed' && v === r.default)) continue;
    parts.push(flagName(r), r.type.show(v as never));
  }
  // The round's schedule token fixes its decisions; without a round (a run's
  // replay) the scheduler settings rebuild the same rotation.
  if (round !== undefined && schedule !== undefined) parts.push('--schedule', schedule);
  else if (s.scheduler !== OPTIONS.scheduler.default) parts.push('--scheduler', s.scheduler);
  if (round === undefined && s.pctDepth !== undefined) parts.push('--pct-depth', String(s.pctDepth));
  return parts.join(' ');
}
