import { describe, expect, it } from 'vitest';
import { collapseSimilar } from '../../../src/check/collapse.js';
import type { Finding } from '../../../src/result.js';

const assertion = (actor: string, message: string, line = 30): Finding => ({
  kind: 'corruption', check: 'assertion', message, round: 1, roundSeed: 5,
  actors: [{ name: actor, kind: 'task', op: 'read' }], location: { file: 'scenarios/x.ts', line },
});

describe('collapseSimilar', () => {
  it('folds findings of the same check at the same place into the first', () => {
    const out = collapseSimilar([assertion('task#1', 'torn: 1/2'), assertion('task#3', 'torn: 5/6'), assertion('worker#2', 'torn: 7/8')]);
    expect(out).toHaveLength(1);
    expect(out[0]!.message).toBe('torn: 1/2');
    expect(out[0]!.details).toEqual(['2 more like it in round 1 (task#3, worker#2)']);
  });

  it('keeps distinct problems apart', () => {
    const other: Finding = { ...assertion('task#2', 'x'), check: 'exception', kind: 'error' };
    const out = collapseSimilar([assertion('task#1', 'a', 30), assertion('task#2', 'b', 44), other]);
    expect(out).toHaveLength(3);
    expect(out.every((f) => f.details === undefined)).toBe(true);
  });
});
