import { describe, expect, it } from 'vitest';
import { collectSharedViews, makeChecksum } from '../../../src/check/checksum.js';

const shared = (n: number) => new Int32Array(new SharedArrayBuffer(n * 4));

describe('default checksum', () => {
  it('covers SharedArrayBuffer-backed typed arrays, not plain ones nor racecheck primitives', () => {
    const a = shared(2), b = new Uint8Array(new SharedArrayBuffer(3));
    const state = { a, nested: { list: [b] }, plain: new Int32Array(4), lock: { __racecheck: 'SharedMutex', state: shared(4) } };
    expect(collectSharedViews(state)).toEqual([a, b]);
  });

  it('changes when any covered word changes and is stable otherwise', () => {
    const state = { a: shared(4), bytes: new Uint8Array(new SharedArrayBuffer(5)) };
    const sum = makeChecksum(state, state);
    const c0 = sum();
    expect(sum()).toBe(c0);
    state.a[3] = 1;
    const c1 = sum();
    expect(c1).not.toBe(c0);
    state.bytes[4] = 9;
    expect(sum()).not.toBe(c1);
  });

  it('is the same in another thread view of the same buffers (structured clone)', () => {
    const state = { a: shared(4), b: shared(1) };
    state.a[1] = 5;
    expect(makeChecksum(structuredClone(state), null)()).toBe(makeChecksum(state, null)());
  });

  it('uses the scenario checksum when given', () => {
    const view = { n: 3 };
    expect(makeChecksum({}, view, (v) => v.n * 2)()).toBe(6);
  });
});
