import { describe, expect, it } from 'vitest';
import { checkCloneable, uncloneablePath } from '../../../src/scenario/clone.js';
import { SharedMutex } from '../../../src/primitives/shared-mutex.js';
import { ScenarioError } from '../../../src/scenario/errors.js';

class Mutex {
  locked = false;
  acquire() { this.locked = true; }
  release() { this.locked = false; }
}
class Point { constructor(public x = 1, public y = 2) {} }
class Base { get size() { return 1; } }
class Derived extends Base {}

describe('uncloneablePath', () => {
  it('passes what structured clone copies faithfully', () => {
    const cyclic: Record<string, unknown> = { n: 1 };
    cyclic.self = cyclic;
    const ok = {
      counter: new Int32Array(new SharedArrayBuffer(8)), list: [1, 'a', null, undefined], when: new Date(0), re: /x/g,
      map: new Map([['k', { v: 1 }]]), set: new Set([1, 2]), err: new Error('e'), big: 10n, cyclic, raw: new ArrayBuffer(4),
      lock: new SharedMutex('bank'), point: new Point(), bare: Object.create(null) as object,
    };
    expect(uncloneablePath(ok, 'setup()')).toBeUndefined();
  });

  it('names a class instance with methods, however deep', () => {
    expect(uncloneablePath({ mutex: new Mutex() }, 'setup()')).toBe('setup().mutex is a Mutex instance: a worker thread gets a plain copy without its methods (acquire, release)');
    expect(uncloneablePath({ a: [{ b: new Map([['m', new Mutex()]]) }] }, 'setup()')).toMatch(/^setup\(\)\.a\[0\]\.b\.get\(m\) is a Mutex instance/);
    expect(uncloneablePath(new Set([new Mutex()]), 'setup()')).toMatch(/^setup\(\) entry 0 is a Mutex instance/);
  });

  it('counts inherited accessors as methods', () => {
    expect(uncloneablePath({ d: new Derived() }, 'setup()')).toMatch(/^setup\(\)\.d is a Derived instance: .*\(size\)$/);
  });

  it('names functions and symbols', () => {
    expect(uncloneablePath({ h: { onChange: () => {} } }, 'setup()')).toBe('setup().h.onChange is a function');
    expect(uncloneablePath([Symbol('s')], 'setup()')).toBe('setup()[0] is a symbol');
  });
});

describe('checkCloneable', () => {
  it('throws a ScenarioError naming the file and the path', () => {
    expect(() => checkCloneable('s.ts', { mutex: new Mutex() })).toThrow(ScenarioError);
    expect(() => checkCloneable('s.ts', { mutex: new Mutex() })).toThrow(/^s\.ts: setup\(\) returned a value that cannot be cloned to a worker thread: setup\(\)\.mutex is a Mutex instance/);
  });

  it('says what structuredClone says of host objects it rejects', () => {
    expect(() => checkCloneable('s.ts', { refs: new WeakMap() })).toThrow(/^s\.ts: setup\(\) returned a value that cannot be cloned to a worker thread: setup\(\)\.refs is a WeakMap instance \(.*could not be cloned/);
  });

  it('accepts plain data', () => {
    expect(() => checkCloneable('s.ts', { n: 1, xs: new Int32Array(new SharedArrayBuffer(4)) })).not.toThrow();
  });
});
