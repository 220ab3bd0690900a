// Stack trimming. A race report is read for the user's own lines; racecheck's engine,
// piscina and node:internal frames are noise unless someone is debugging racecheck.
import path from 'node:path';
import { parseFrame, type Frame } from '../stack/frames.js';
import { frameOwner } from '../stack/owner.js';
import { lines } from './text.js';

export interface StackOptions {
  cwd: string;
  verbose?: boolean;
  /** Frames kept in the default view. */
  maxFrames?: number;
  /** Directories whose frames are racecheck's own (default: stack/owner.ts ownDirs()). */
  ownDirs?: readonly string[];
}

const FRAME = /^\s*at\s/;

export function trimStack(stack: string, opts: StackOptions): string[] {
  const all = lines(stack);
  const firstFrame = all.findIndex((l) => FRAME.test(l));
  const head = firstFrame === -1 ? all : all.slice(0, firstFrame);
  const frames = firstFrame === -1 ? [] : all.slice(firstFrame);
  const parsed = frames.map((l) => parseFrame(l));
  const shown = (i: number) => `    ${shortened(frames[i]!.trim(), parsed[i], opts.cwd)}`;
  const every = frames.map((_, i) => i);
  if (opts.verbose) return [...head, ...every.map(shown)];

  const max = opts.maxFrames ?? 8;
  // racecheck's own and Node's frames are noise; a library's is shown only when
  // no frame is the user's (a crash inside a library: what is closest to the user).
  const owners = parsed.map((f) => frameOwner(f, opts.ownDirs));
  let keep = every.filter((i) => owners[i] === 'user');
  if (keep.length === 0) keep = every.filter((i) => owners[i] === 'library');
  if (keep.length === 0) keep = every;
  const kept = keep.slice(0, max);
  const hidden = frames.length - kept.length;
  const out = [...head.slice(0, 4), ...kept.map(shown)];
  if (hidden > 0) out.push(`    ... ${hidden} more frame${hidden === 1 ? '' : 's'} (--verbose shows all)`);
  return out;
}

/** `at f (file:///repo/scenarios/bank.ts:14:9)` -> `at f (scenarios/bank.ts:14:9)` when under cwd. */
function shortened(text: string, frame: Frame | undefined, cwd: string): string {
  if (!frame?.file || !frame.printed || !path.isAbsolute(frame.file)) return text;
  const rel = path.relative(cwd, frame.file);
  const shown = rel.startsWith('..') || path.isAbsolute(rel) ? frame.file : rel.split(path.sep).join('/');
  return text.slice(0, frame.printed.start) + shown + text.slice(frame.printed.end);
}
