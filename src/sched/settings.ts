// The scheduler used when none is given (--scheduler; the settings table in
// src/options.ts checks the scheduling flags).
import type { SchedulerName } from './scheduler.js';

export const DEFAULT_SCHEDULER: SchedulerName = 'auto';
