// Whom a blocked main thread's stack blames. A heartbeat can be late for reasons that
// are no bug of the scenario (the process descheduled on a loaded machine, a GC pause,
// racecheck's own work): only a frame of code that is neither racecheck's nor Node's
// makes a blocked event loop the scenario's doing.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// This file is <package>/dist/watch/blame.js (or src/ under vitest): frames under
// <package>/dist or <package>/src are racecheck's own.
const OWN = [
  fileURLToPath(new URL('../../dist/', import.meta.url)),
  fileURLToPath(new URL('../../src/', import.meta.url)),
  // racecheck's own runtime dependencies work on the main thread too (piscina
  // dispatching tasks, esbuild's service): their frames are racecheck's.
  ...['piscina', 'esbuild'].flatMap((name) => packageDir(name)),
];

function packageDir(name: string): string[] {
  try {
    const entry = createRequire(import.meta.url).resolve(name);
    const at = entry.lastIndexOf(`${path.sep}node_modules${path.sep}${name}${path.sep}`);
    return at < 0 ? [] : [entry.slice(0, at + `${path.sep}node_modules${path.sep}${name}${path.sep}`.length)];
  } catch {
    return [];
  }
}

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
