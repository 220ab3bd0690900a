import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../src/duration.js';

describe("formatDuration: the text form people read", () => {
  it.each([
    [0.002, '0 ms'],
    [1, '1 ms'],
    [3.14, '3.1 ms'],
    [9.96, '10 ms'],
    [12.4, '12 ms'],
    [999.4, '999 ms'],
    [999.6, '1.0 s'],
    [2049, '2.0 s'],
    [59_940, '59.9 s'],
    [59_960, '1m 0s'],
    [90_000, '1m 30s'],
    [119_700, '2m 0s'],
    [3_599_600, '1h 0m'],
    [7_500_000, '2h 5m'],
    [Number.NaN, 'n/a'],
  ])('%d ms -> %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe("formatDuration: the flag form a replay command carries", () => {
  it.each([
    [200, '200ms'],
    [1234, '1234ms'],
    [1500, '1.5s'],
    [90_000, '1.5m'],
    [3_600_000, '1h'],
    [2 * 86_400_000, '2d'],
  ])('%d ms -> %s', (ms, text) => {
    expect(formatDuration(ms, 'flag')).toBe(text);
  });
});
