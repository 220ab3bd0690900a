// Labels and badges for finding kinds and statuses. Every switch here ends in an
// exhaustive check: a new kind must be given a label, never a silent default.
import type { FindingKind, Status } from '../result.js';
import type { Colors } from './color.js';

export type { Status } from '../result.js';

export function assertNever(value: never): never {
  throw new Error(`racecheck report: unhandled value ${String(value)}`);
}

export function kindLabel(kind: FindingKind): string {
  switch (kind) {
    case 'corruption': return 'CORRUPTION';
    case 'deadlock': return 'DEADLOCK';
    case 'starvation': return 'STARVATION';
    case 'error': return 'ERROR';
    default: return assertNever(kind);
  }
}

/** With colours off the badge is bracketed, so it still stands out in a plain log. */
export function kindBadge(kind: FindingKind, c: Colors): string {
  const label = kindLabel(kind);
  if (c.level === 0) return `[${label}]`;
  switch (kind) {
    case 'corruption': return c.bgRed.white.bold(` ${label} `);
    case 'deadlock': return c.bgMagenta.white.bold(` ${label} `);
    case 'starvation': return c.bgYellow.black.bold(` ${label} `);
    case 'error': return c.bgRed.white.bold(` ${label} `);
    default: return assertNever(kind);
  }
}

export function statusLabel(status: Status): string {
  switch (status) {
    case 'pass': return 'PASS';
    case 'fail': return 'FAIL';
    case 'error': return 'ERROR';
    case 'interrupted': return 'INTERRUPTED';
    default: return assertNever(status);
  }
}

export function statusBadge(status: Status, c: Colors): string {
  const label = statusLabel(status);
  switch (status) {
    case 'pass': return c.green.bold(label);
    case 'fail': return c.red.bold(label);
    case 'error': return c.red.bold(label);
    case 'interrupted': return c.yellow.bold(label);
    default: return assertNever(status);
  }
}
