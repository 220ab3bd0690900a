import { describe, expect, it } from 'vitest';
import { nameFilter, selectScenarios } from '../../../src/scenario/filter.js';

const named = (...names: string[]) => names.map((name) => ({ name }));

describe('nameFilter', () => {
  it('no patterns: no filter', () => {
    expect(nameFilter([])).toBeUndefined();
    expect(nameFilter(undefined)).toBeUndefined();
  });
  it('a plain pattern is a case-insensitive substring', () => {
    const f = nameFilter(['SAB counter'])!;
    expect(f('sab counter: atomics')).toBe(true);
    expect(f('bank: sab counter')).toBe(true);
    expect(f('map cache')).toBe(false);
  });
  it('* and ? make a glob over the whole name, crossing / and :', () => {
    const f = nameFilter(['bank*fee', 'lock-?'])!;
    expect(f('bank: transfer / fee')).toBe(true);
    expect(f('bank: transfer / fee, twice')).toBe(false);
    expect(f('lock-a')).toBe(true);
    expect(f('lock-ab')).toBe(false);
  });
  it('other characters are literal, in globs too', () => {
    const f = nameFilter(['a.(b)+*'])!;
    expect(f('a.(b)+ c')).toBe(true);
    expect(f('ax(b)+ c')).toBe(false);
  });
  it('several patterns: any of them', () => {
    const f = nameFilter(['x', 'y'])!;
    expect([f('a x'), f('a y'), f('a z')]).toEqual([true, true, false]);
  });
});

describe('selectScenarios', () => {
  const all = named('transfer', 'transfer with fee', 'audit');
  it('an exact name takes only that scenario (replay commands stay exact)', () => {
    expect(selectScenarios(['transfer'], all).map((s) => s.name)).toEqual(['transfer']);
  });
  it('otherwise the filter, in file order', () => {
    expect(selectScenarios(['TRANSFER'], all).map((s) => s.name)).toEqual(['transfer', 'transfer with fee']);
    expect(selectScenarios(['audit', 'fee'], all).map((s) => s.name)).toEqual(['transfer with fee', 'audit']);
    expect(selectScenarios(['nothing'], all)).toEqual([]);
    expect(selectScenarios(undefined, all)).toEqual(all);
  });
});
