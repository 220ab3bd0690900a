// The one replay builder: every finding's and scenario's replay command comes from it.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayCommand } from '../../src/replay.js';
import { settingsOf } from '../../src/options.js';

const settings = settingsOf({ workers: 4, tasks: 2 });
const subject = (file: string, named = false, name = 'bank') => ({ file, named, scenario: { name }, seed: 7 });

describe('replayCommand', () => {
  it('names the file relative to the working directory, the seed, the round and the actor counts', () => {
    expect(replayCommand(subject(path.resolve('scenarios/bank-buggy.ts')), settings, 3))
      .toBe('npx racecheck run scenarios/bank-buggy.ts --seed 7 --round 3 --workers 4 --tasks 2 --ops 50');
  });

  it('quotes for a POSIX shell what needs quoting, and names the scenario when the file has several', () => {
    expect(replayCommand(subject(path.resolve('scenarios/bank buggy.ts'), true, "Ann's"), settings, 1))
      .toBe(`npx racecheck run 'scenarios/bank buggy.ts' --seed 7 --round 1 --scenario 'Ann'\\''s' --workers 4 --tasks 2 --ops 50`);
  });

  it('carries a setting that shapes the schedule once it differs from its default, and no other', () => {
    const s = { ...settings, yieldMaxUs: 500, deadlockTimeoutMs: 1500 };
    const cmd = replayCommand(subject('x.ts'), s, 2);
    expect(cmd).toContain('--yield-max 500');
    expect(cmd).not.toContain('--yield-turns');
    expect(cmd).not.toContain('--deadlock-timeout');
  });

  it("a round's schedule token stands for the scheduler; without a round the scheduler settings rebuild the rotation", () => {
    const pct = { ...settings, scheduler: 'pct' as const, pctDepth: 3 };
    expect(replayCommand(subject('x.ts'), pct, 4, 'v2:pct:3:412')).toMatch(/ --round 4 .* --schedule v2:pct:3:412$/);
    expect(replayCommand(subject('x.ts'), pct, 4, 'v2:pct:3:412')).not.toContain('--scheduler');
    expect(replayCommand(subject('x.ts'), pct, undefined)).toMatch(/ --scheduler pct --pct-depth 3$/);
  });
});
