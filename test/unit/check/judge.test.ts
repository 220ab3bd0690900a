// invariant/verify: a check that returns at once is judged at once (no promise: a round
// of loop tasks pays no await for it); a promise or any thenable is awaited.
import { describe, expect, it } from 'vitest';
import { judge } from '../../../src/check/invariant.js';

const n = { round: 3, roundSeed: 42, scenarioFile: 'scenarios/x.ts' };

describe('judge', () => {
  it('a check that returns at once: the verdict at once, not a promise', () => {
    expect(judge('invariant', () => true, n)).toBeUndefined();
    expect(judge('invariant', () => undefined, n)).toBeUndefined();
    const f = judge('verify', () => 'counter is 1, expected 2', n);
    expect(f).not.toBeInstanceOf(Promise);
    expect(f).toMatchObject({ kind: 'corruption', check: 'verify', message: 'verify failed after round 3: counter is 1, expected 2', round: 3, roundSeed: 42 });
    expect(judge('invariant', () => false, n)).toMatchObject({ message: 'invariant failed after round 3: returned false' });
  });

  it('a check that throws at once: a finding with the stack', () => {
    const f = judge('invariant', () => {
      throw new TypeError('view.items is undefined');
    }, n);
    expect(f).not.toBeInstanceOf(Promise);
    expect((f as { message: string }).message).toBe('invariant failed after round 3: threw TypeError: view.items is undefined');
    expect((f as { stack?: string }).stack).toContain('view.items is undefined');
  });

  it('a promise or another thenable is awaited, its rejection a finding', async () => {
    const p = judge('verify', async () => 'late reason', n);
    expect(p).toBeInstanceOf(Promise);
    expect(await p).toMatchObject({ message: 'verify failed after round 3: late reason' });
    expect(await judge('verify', async () => true, n)).toBeUndefined();
    const thenable = { then: (ok: (v: unknown) => void) => ok('from a thenable') } as unknown as Promise<string>;
    expect(await judge('invariant', () => thenable, n)).toMatchObject({ message: 'invariant failed after round 3: from a thenable' });
    expect(await judge('invariant', () => Promise.reject(new RangeError('bad index')), n)).toMatchObject({ message: 'invariant failed after round 3: threw RangeError: bad index' });
  });
});
