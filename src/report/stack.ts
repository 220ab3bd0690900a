// Stack trimming. A race report is read for the user's own lines; racecheck's engine,
// piscina and node:internal frames are noise unless someone is debugging racecheck.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lines } from './text.js';

export interface StackOptions {
  cwd: string;
  verbose?: boolean;
  /** Frames kept in the default view. */
  maxFrames?: number;
  /** Directories whose frames are racecheck's own (defaults to this package's dist/ and src/). */
  ownDirs?: readonly string[];
}

type FrameKind = 'user' | 'library' | 'internal';

// This file lives in <package>/src/report or <package>/dist/report.
const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const OWN_DIRS = [path.join(PACKAGE_ROOT, 'dist'), path.join(PACKAGE_ROOT, 'src')];

const FRAME = /^\s*at\s/;
// The location at the end of a frame: `(file:line:col)` or bare `file:line:col`.
const LOCATION = /(\(|\bat\s+(?:async\s+)?)((?:file:\/\/)?[^()\s]+?)(:\d+(?::\d+)?\)?)$/;

export function trimStack(stack: string, opts: StackOptions): string[] {
  const all = lines(stack);
  const firstFrame = all.findIndex((l) => FRAME.test(l));
  const head = firstFrame === -1 ? all : all.slice(0, firstFrame);
  const frames = firstFrame === -1 ? [] : all.slice(firstFrame);
  const shown = (l: string) => `    ${shortenLocation(l.trim(), opts.cwd)}`;
  if (opts.verbose) return [...head, ...frames.map(shown)];

  const max = opts.maxFrames ?? 8;
  const ownDirs = opts.ownDirs ?? OWN_DIRS;
  const kinds = frames.map((f) => frameKind(f, ownDirs));
  let keep = frames.filter((_, i) => kinds[i] === 'user');
  // No user frame at all (a crash inside a library): show what is closest to the user.
  if (keep.length === 0) keep = frames.filter((_, i) => kinds[i] !== 'internal');
  if (keep.length === 0) keep = frames;
  const kept = keep.slice(0, max);
  const hidden = frames.length - kept.length;
  const out = [...head.slice(0, 4), ...kept.map(shown)];
  if (hidden > 0) out.push(`    ... ${hidden} more frame${hidden === 1 ? '' : 's'} (--verbose shows all)`);
  return out;
}

function frameKind(frame: string, ownDirs: readonly string[]): FrameKind {
  const file = locationFile(frame);
  // No file (`new Promise (<anonymous>)`, `(native)`) or a builtin (`node:internal/...`).
  if (file === undefined || file.startsWith('node:')) return 'internal';
  if (ownDirs.some((dir) => file.startsWith(dir + path.sep) || file.startsWith(dir + '/'))) return 'internal';
  if (/[\\/]node_modules[\\/]/.test(file)) return 'library';
  return 'user';
}

function locationFile(frame: string): string | undefined {
  const m = LOCATION.exec(frame.trim());
  if (!m) return undefined;
  const loc = m[2]!;
  if (loc.startsWith('file://')) {
    try { return fileURLToPath(loc); } catch { return loc; }
  }
  return loc;
}

/** `file:///repo/scenarios/bank.ts:14:9` -> `scenarios/bank.ts:14:9` when under cwd. */
function shortenLocation(frame: string, cwd: string): string {
  return frame.replace(LOCATION, (whole, lead: string, loc: string, tail: string) => {
    let file = loc;
    if (file.startsWith('file://')) {
      try { file = fileURLToPath(file); } catch { return whole; }
    }
    if (!path.isAbsolute(file)) return `${lead}${file}${tail}`;
    const rel = path.relative(cwd, file);
    const shown = rel.startsWith('..') || path.isAbsolute(rel) ? file : rel.split(path.sep).join('/');
    return `${lead}${shown}${tail}`;
  });
}
