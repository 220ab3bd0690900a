// --scenario as a name filter (substring or glob, repeatable), and `racecheck list`
// with the config's include, through bin/racecheck.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './helpers.js';

const DIR = path.join(ROOT, 'test/fixtures/filter');
const FAST = ['--workers', '1', '--tasks', '1', '--duration', '300ms'];
type Report = { status: string; files: { file: string; scenarios: { name: string; ops: number }[] }[] };

describe('--scenario filter', () => {
  it('runs the matching scenarios of the config include, lists the other files as skipped', async () => {
    const r = await runCli(['run', '--scenario', 'SAB counter', ...FAST, '--no-color'], { cwd: DIR });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^SKIP +scenarios\/cache\.ts +no scenario matches the --scenario filter$/m);
    expect(r.stdout).toMatch(/^Files +1 passed \| 1 skipped \(2\)$/m);
    expect(r.stdout).toMatch(/^PASS scenarios\/counters\.ts > sab counter: atomics \(/m);
    expect(r.stdout).toMatch(/^PASS scenarios\/counters\.ts > sab counter: atomics twice \(/m);
    expect(r.stdout).toMatch(/^Status +PASS$/m);
  });

  it('is repeatable, takes globs, and an exact name takes only that scenario', async () => {
    const r = await runCli(['run', 'scenarios/', '--scenario', 'sab counter: atomics', '--scenario', 'map*', ...FAST, '--json'], { cwd: DIR });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    const ran = report.files.flatMap((f) => f.scenarios.map((s) => `${f.file} > ${s.name}`)).sort();
    expect(ran).toEqual(['scenarios/cache.ts > map cache', 'scenarios/counters.ts > sab counter: atomics']);
    for (const f of report.files) for (const s of f.scenarios) expect(s.ops).toBeGreaterThan(0);
  });

  it('nothing matching anywhere is one line and exit 2', async () => {
    const r = await runCli(['run', 'scenarios/', '--scenario', 'nothing*', ...FAST], { cwd: DIR });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('racecheck: --scenario "nothing*": no scenario matches in 2 files (scenarios: "map cache", "sab counter: atomics", "sab counter: atomics twice")\n');
  });
});

describe('racecheck list', () => {
  it("with no arguments uses the config's include and shows descriptions", async () => {
    const r = await runCli(['list'], { cwd: DIR });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      'scenarios/cache.ts > map cache  [put] (tasks)',
      '    a Map filled by loop tasks',
      'scenarios/counters.ts > sab counter: atomics  [inc] (workers+tasks)',
      '    Atomics.add from workers and tasks',
      'scenarios/counters.ts > sab counter: atomics twice  [inc] (workers+tasks)',
      '    the same, to tell an exact name from a substring',
      '3 scenarios in 2 files',
      '',
    ]);
  });
});
