// Expand the user's patterns (files, directories, globs) to scenario files.
import { lstatSync, readdirSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';

const SCENARIO_EXT = /\.(c|m)?(t|j)sx?$/;
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist']);

function walk(dir: string, out: string[]): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) walk(path.join(dir, e.name), out);
    } else if (e.isFile() && SCENARIO_EXT.test(e.name) && !e.name.endsWith('.d.ts')) out.push(path.join(dir, e.name));
  }
}

/** Files for each pattern, relative to cwd, sorted and deduplicated. Unmatched patterns are returned too. */
export function expandPatterns(patterns: string[], cwd: string): { files: string[]; unmatched: string[] } {
  const files = new Set<string>();
  const unmatched: string[] = [];
  for (const p of patterns) {
    const abs = path.resolve(cwd, p);
    if (existsSync(abs)) {
      if (statSync(abs).isDirectory()) {
        const found: string[] = [];
        walk(abs, found);
        if (found.length === 0) unmatched.push(p);
        for (const f of found) files.add(f);
      } else files.add(abs);
      continue;
    }
    const { base, glob } = picomatch.scan(p);
    if (!glob) {
      unmatched.push(p);
      continue;
    }
    const root = path.resolve(cwd, base || '.');
    const isMatch = picomatch(path.resolve(cwd, p).split(path.sep).join('/'), { dot: false });
    const found: string[] = [];
    if (existsSync(root) && statSync(root).isDirectory()) walk(root, found);
    const matched = found.filter((f) => isMatch(f.split(path.sep).join('/')));
    if (matched.length === 0) unmatched.push(p);
    for (const f of matched) files.add(f);
  }
  return {
    files: [...files].sort().map((f) => path.relative(cwd, f) || f),
    unmatched,
  };
}

/**
 * Why a pattern matched no file, in words for one line: a plain path that does not
 * exist, a glob with no match, a folder without scenario files, a symlink loop.
 */
export function describeUnmatched(pattern: string, cwd: string): string {
  const abs = path.resolve(cwd, pattern);
  let linked = false;
  try {
    linked = lstatSync(abs).isSymbolicLink();
  } catch {
    // nothing there at all
  }
  if (linked && !existsSync(abs)) {
    try {
      statSync(abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return `no files match ${pattern}: ${code === 'ELOOP' ? 'a symlink loop' : 'a symlink to nothing'}`;
    }
  }
  if (existsSync(abs) && statSync(abs).isDirectory()) return `no files match ${pattern}: the folder has no scenario files (.ts, .js, .mts, .cjs...)`;
  if (picomatch.scan(pattern).isGlob) return `no files match ${pattern}`;
  return `${pattern}: file not found`;
}
