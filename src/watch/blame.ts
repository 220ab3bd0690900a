// Whom a blocked main thread's stack blames. A heartbeat can be late for reasons that
// are no bug of the scenario (the process descheduled on a loaded machine, a GC pause,
// racecheck's own work): only a frame of code that is neither racecheck's nor Node's
// makes a blocked event loop the scenario's doing.
import { fileURLToPath } from 'node:url';

// This file is <package>/dist/watch/blame.js (or src/ under vitest): frames under
// <package>/dist or <package>/src are racecheck's own.
const OWN = [fileURLToPath(new URL('../../dist/', import.meta.url)), fileURLToPath(new URL('../../src/', import.meta.url))];

// `(file:line:col)` or `at file:line:col`, with an absolute path (never node:internal/...).
const LOCATION = /(?:\(|\bat )((?:file:\/\/)?\/[^()]+?):\d+:\d+\)?\s*$/;

export function blamesUser(stack: string | undefined, ownDirs: readonly string[] = OWN): boolean {
  if (!stack) return false;
  return stack.split('\n').some((line) => {
    const m = LOCATION.exec(line);
    if (!m) return false;
    const file = m[1]!.startsWith('file://') ? fileURLToPath(m[1]!) : m[1]!;
    return !ownDirs.some((dir) => file.startsWith(dir));
  });
}
