// Patterns that match no scenario file: one line naming the pattern and why, exit 2,
// before any run starts (a typo must not cost a whole CI run first).
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './helpers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'racecheck-nomatch-'));
mkdirSync(path.join(dir, 'empty'));
writeFileSync(path.join(dir, 'empty', 'notes.md'), 'not a scenario\n');
symlinkSync('loop', path.join(dir, 'loop'));

describe('no files match', () => {
  it.each([
    ['a glob', 'scenarios/*.nothing.ts', 'no files match scenarios/*.nothing.ts'],
    ['an empty folder', 'empty', 'no files match empty: the folder has no scenario files (.ts, .js, .mts, .cjs...)'],
    ['a symlink loop', 'loop', 'no files match loop: a symlink loop'],
    ['a missing file', 'nope.ts', 'nope.ts: file not found'],
  ])('%s: one line, exit 2', async (_name, pattern, message) => {
    const r = await runCli(['run', pattern, '--duration', '1s'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`racecheck: ${message}\n`);
    expect(r.stdout).toBe('');
  });

  it('one unmatched pattern among good ones stops the run before it starts', async () => {
    const r = await runCli(['run', 'empty', path.join(ROOT, 'test/fixtures/cli/clean-a.ts'), '--duration', '1s', '--json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('racecheck: no files match empty: the folder has no scenario files (.ts, .js, .mts, .cjs...)\n');
    expect(r.stdout).toBe('');
  });
});
