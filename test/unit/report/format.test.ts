import { describe, expect, it } from 'vitest';
import { formatCount } from '../../../src/report/format.js';

describe('formatCount', () => {
  it('groups thousands with commas like en-US, without loading ICU', () => {
    for (const n of [0, 7, 999, 1000, 12_345, 999_999, 1_000_000, 1_234_567, 12_345_678.6, -1234.4, -999, 2 ** 40]) {
      expect(formatCount(n)).toBe(Math.round(n).toLocaleString('en-US'));
    }
  });
  it('keeps non-finite values readable in ASCII', () => {
    expect(formatCount(Infinity)).toBe('Infinity');
    expect(formatCount(NaN)).toBe('NaN');
  });
});
