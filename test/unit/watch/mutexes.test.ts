import { describe, expect, it } from 'vitest';
import { SharedMutex } from '../../../src/primitives/shared-mutex.js';
import { findMutexes } from '../../../src/watch/mutexes.js';

describe('findMutexes', () => {
  it('finds mutexes and their clones anywhere in shared state and views, once each', () => {
    const a = new SharedMutex('a');
    const b = new SharedMutex('b');
    const clone = structuredClone(b);
    const shared = { locks: [a, { inner: new Map([['b', b]]) }], again: a };
    class View {
      constructor(readonly byName: Set<unknown>) {}
    }
    const found = findMutexes(shared, new View(new Set([clone])));
    expect(found.map((m) => m.name).sort()).toEqual(['a', 'b']);
    expect(found.find((m) => m.name === 'b')!.state[2]).toBe(b.state[2]); // the id word
  });

  it('never runs getters of the view', () => {
    let ran = false;
    const view = Object.defineProperty({}, 'lazy', { get: () => ((ran = true), new SharedMutex('x')), enumerable: true });
    expect(findMutexes(view)).toEqual([]);
    expect(ran).toBe(false);
  });
});
