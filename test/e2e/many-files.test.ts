// A run over several files (issue 12 item 4): the next file's run process is forked
// ahead, while the current file starts (engine/spawn.ts). Each file keeps its own
// process and its own verdict: a threaded file, a loop-only one, one whose process
// aborts and a threaded file after it all say what they say alone, and nothing any of
// them started is left (test/e2e/hostile-helpers.ts walks /proc by PID).
import { describe, expect, it } from 'vitest';
import { findings, hostile, type JsonFinding } from './hostile-helpers.js';

interface Report {
  files: { file: string; scenarios: { status: string; settings: { workers: number }; findings: JsonFinding[] }[] }[];
}

const FILES = [
  'scenarios/counter-buggy.ts', // threaded: the first file, on the spare forked at CLI start
  'scenarios/loop-lost-update-fixed.ts', // loop-only, two scenarios
  'test/fixtures/hostile/op-crash.ts', // loop-only, its process aborts in round 3
  'test/fixtures/hostile/throw-values.ts', // threaded (8 workers), on the spare forked while the crashing file started
];

describe('a run over several files', () => {
  it('gives every file the verdict it has alone and leaves no process or bundle folder', async () => {
    const r = await hostile(['run', ...FILES, '--duration', '2s', '--deadlock-timeout', '2s', '--seed', '4242', '--json']);
    expect(r.code).toBe(1);
    expect(r.left, 'processes left running').toEqual([]);
    expect(r.bundles, 'bundle folders left').toEqual([]);
    const byFile = new Map((JSON.parse(r.stdout) as Report).files.map((f) => [f.file, f.scenarios]));
    expect([...byFile.keys()]).toEqual(FILES);
    // The statuses of a file's scenarios (loop-lost-update-fixed has two).
    const status = (file: string) => [...new Set(byFile.get(file)!.map((s) => s.status))];
    expect(status(FILES[0]!)).toEqual(['fail']);
    expect(byFile.get(FILES[0]!)![0]!.findings.map((f) => f.check)).toContain('lost-update');
    expect(status(FILES[1]!)).toEqual(['pass']);
    expect(status(FILES[2]!)).toEqual(['fail']);
    expect(findings(r).find((f) => f.check === 'crash')?.round).toBe(3);
    expect(status(FILES[3]!)).toEqual(['fail']);
    expect(byFile.get(FILES[3]!)![0]!.settings.workers).toBe(8);
    expect(byFile.get(FILES[3]!)![0]!.findings[0]).toMatchObject({ kind: 'error', check: 'exception' });
  }, 180_000);

  it.each([['SIGINT', 130], ['SIGTERM', 143]] as const)('%s mid-run, with the next file\'s process waiting: exit %d, no process and no bundle folder left', async (signal, exit) => {
    // The second file's spare is forked when the first file starts: the signal comes
    // while it waits.
    const r = await hostile(['run', 'test/fixtures/hostile/spawn-child.ts', 'test/fixtures/hostile/throw-values.ts', '--duration', '60s', '--seed', '4242', '--json'], { signal, afterMs: 500 });
    expect(r.code).toBe(exit);
    expect(r.left, 'processes left running').toEqual([]);
    expect(r.bundles, 'bundle folders left').toEqual([]);
  }, 120_000);
});
