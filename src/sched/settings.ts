// Validation of the scheduling settings (--scheduler, --pct-depth, --schedule):
// the settings, or one line naming the flag and what was expected.
import type { RunSettings } from '../result.js';
import { SCHEDULER_NAMES, type SchedulerName } from './scheduler.js';
import { parseSchedule } from './schedule.js';

/** The scheduler used when none is given. */
export const DEFAULT_SCHEDULER: SchedulerName = 'auto';

export function scheduleSettings(o: { scheduler?: string; pctDepth?: number; schedule?: string; round?: number }): Pick<RunSettings, 'scheduler' | 'pctDepth' | 'schedule'> | string {
  const scheduler = o.scheduler ?? DEFAULT_SCHEDULER;
  if (!(SCHEDULER_NAMES as readonly string[]).includes(scheduler)) {
    return `--scheduler: expected ${SCHEDULER_NAMES.join(', ')}, got "${scheduler}"`;
  }
  const out: Pick<RunSettings, 'scheduler' | 'pctDepth' | 'schedule'> = { scheduler: scheduler as SchedulerName };
  if (o.pctDepth !== undefined) {
    if (!Number.isInteger(o.pctDepth) || o.pctDepth < 1 || o.pctDepth > 10) return `--pct-depth must be an integer from 1 to 10, got ${o.pctDepth}`;
    out.pctDepth = o.pctDepth;
  }
  if (o.schedule !== undefined) {
    const s = parseSchedule(o.schedule);
    if (typeof s === 'string') return `--schedule: ${s}`;
    if (o.round === undefined) return '--schedule replays one round: give --round too';
    out.schedule = o.schedule;
  }
  return out;
}
