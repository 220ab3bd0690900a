// Whose code a stack frame is: the one definition of "racecheck's own frames" that the
// report's location, the watchdog's blame and the report's stack trimming share.
//   node       no file (native code, `<anonymous>`) or a builtin (`node:internal/...`)
//   racecheck  this package's dist/ or src/, and its runtime dependencies that run on
//              the user's threads (piscina dispatching tasks, esbuild's service)
//   library    any other package (under node_modules): the user's dependencies
//   user       everything else: the scenario and the code it tests
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Frame } from './frames.js';

export type FrameOwner = 'node' | 'racecheck' | 'library' | 'user';

const RUNTIME_DEPENDENCIES = ['piscina', 'esbuild'];

let own: readonly string[] | undefined;

/** Directories (each ending in a separator) whose frames are racecheck's own. */
export function ownDirs(): readonly string[] {
  // This file is <package>/dist/stack/owner.js, or <package>/src/stack/owner.ts under vitest.
  own ??= [
    fileURLToPath(new URL('../../dist/', import.meta.url)),
    fileURLToPath(new URL('../../src/', import.meta.url)),
    ...RUNTIME_DEPENDENCIES.flatMap(packageDir),
  ];
  return own;
}

function packageDir(name: string): string[] {
  try {
    const entry = createRequire(import.meta.url).resolve(name);
    const dir = `${path.sep}node_modules${path.sep}${name}${path.sep}`;
    const at = entry.lastIndexOf(dir);
    return at < 0 ? [] : [entry.slice(0, at + dir.length)];
  } catch {
    return [];
  }
}

const within = (file: string, dir: string) =>
  file.startsWith(dir.endsWith('/') || dir.endsWith(path.sep) ? dir : dir + path.sep);

export function frameOwner(frame: Frame | undefined, dirs: readonly string[] = ownDirs()): FrameOwner {
  const file = frame?.file;
  if (file === undefined || file.startsWith('node:')) return 'node';
  if (dirs.some((dir) => within(file, dir))) return 'racecheck';
  if (/[\\/]node_modules[\\/]/.test(file)) return 'library';
  return 'user';
}
