// The settings table: one duration parser with one meaning of a bare number, ranges
// checked the same way on every path (flag text, config value, run() option, report).
import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../src/duration.js';
import { MAX_SEED, OPTIONS, OptionError, SETTING_ROWS, SettingError, settingsJsonSchema, settingsOf } from '../../src/options.js';
import { reportJsonSchema } from '../../src/report/json-schema.js';

const d = OPTIONS.duration.type;
const DAY = 86_400_000;

describe('durations', () => {
  it('a bare number is milliseconds on the command line and in a config file alike', () => {
    expect(d.fromText('2')).toBe(2);
    expect(d.fromValue(2)).toBe(2);
    expect(d.fromValue('2')).toBe(2);
    expect(d.fromText('2s')).toBe(2000);
    expect(d.fromValue('2s')).toBe(2000);
  });

  it('reads ms, s, m, h and d, decimals, and days beyond the 32-bit timer limit', () => {
    expect(d.fromText('500ms')).toBe(500);
    expect(d.fromText('1.5s')).toBe(1500);
    expect(d.fromText('2m')).toBe(120_000);
    expect(d.fromText('500h')).toBe(500 * 3_600_000);
    expect(d.fromText('2d')).toBe(172_800_000);
    // Budget + deadlock timeout + grace must stay a valid setTimeout delay.
    expect(OPTIONS.duration.type.fromText('23d') + DAY + 5_000).toBeLessThan(2 ** 31 - 1);
    expect(() => d.fromText('600h')).toThrow(/a duration from 1ms to 23d/);
  });

  it('refuses what is no duration or out of range, naming the range', () => {
    for (const bad of ['', 'abc', '-1s', '0', '1e3', '1h30m', '2 years', '366d']) {
      expect(() => d.fromText(bad), bad).toThrow(OptionError);
    }
    expect(() => d.fromValue(-5)).toThrow(/a duration from 1ms to 23d/);
    expect(() => d.fromValue(true)).toThrow(OptionError);
  });

  it('formats so that the text reads back as the same value', () => {
    for (const ms of [1, 200, 999, 1000, 1500, 1234, 60_000, 90_000, 3_600_000, 86_400_000, 23 * 86_400_000]) {
      expect(d.fromText(formatDuration(ms, 'flag')), `${ms} -> ${formatDuration(ms, 'flag')}`).toBe(ms);
    }
  });
});

describe('integers', () => {
  it('seeds: 0 .. 2^53-1, digits only, so every printed seed replays exactly', () => {
    const seed = OPTIONS.seed.type;
    expect(seed.fromText(String(MAX_SEED))).toBe(MAX_SEED);
    for (const bad of ['1e+23', '9007199254740992', '-1', '1.0', '0x10', ' ']) expect(() => seed.fromText(bad), bad).toThrow(OptionError);
    expect(() => seed.fromValue(1e23)).toThrow(OptionError);
  });

  it('the message says the value the user gave', () => {
    expect(() => OPTIONS.workers.type.fromText('100000')).toThrow('expected an integer from 0 to 1024, got "100000"');
  });
});

describe('settingsOf', () => {
  it('fills every default from the table and keeps what was given', () => {
    const s = settingsOf({ workers: 3 });
    expect(s).toMatchObject({ workers: 3, tasks: 3, opsPerRound: 50, durationMs: 5000, yieldMaxUs: 100, yieldTurns: 4, bail: true, deadlockTimeoutMs: 2000, starvationThresholdMs: 200 });
  });

  it('names the setting, the range and the value; the actor total names both counts', () => {
    expect(() => settingsOf({ opsPerRound: 0 })).toThrow(new SettingError('--ops: expected an integer from 1 to 10000000, got 0'));
    expect(() => settingsOf({ workers: 1000 })).toThrow(/--workers 1000 plus --tasks 1000 is 2000 actors/);
  });
});

describe('the JSON schema of settings comes from the table', () => {
  it('documents every setting row and requires the ones every result has', () => {
    const schema = settingsJsonSchema() as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(SETTING_ROWS.map(([, r]) => r.setting));
    expect(schema.required).toContain('workers');
    expect(schema.required).not.toContain('rounds');
    // Added after schemaVersion 1: old reports without it stay valid.
    expect(schema.required).not.toContain('starvationThresholdMs');
    expect((reportJsonSchema.$defs.settings as unknown as typeof schema).properties).toHaveProperty('starvationThresholdMs');
  });
});
