import { describe, expect, it } from 'vitest';
import { cycleKey, findCycle, waitEdges } from '../../../../src/watch/grade/wait-cycle.js';
import { mutex } from '../fixtures.js';

describe('findCycle', () => {
  it('finds a two-actor cycle, starting at the lowest actor id', () => {
    const c = findCycle([mutex('A', 9, [1]), mutex('B', 1, [9, 4])]);
    expect(c).toEqual([
      { actor: 1, waitsFor: 'A', holds: ['B'] },
      { actor: 9, waitsFor: 'B', holds: ['A'] },
    ]);
  });

  it('finds a three-actor cycle among bystanders', () => {
    const c = findCycle([mutex('A', 0, [2, 5]), mutex('B', 1, [0]), mutex('C', 2, [1, 6]), mutex('D', 7, [8])]);
    expect(c?.map((s) => s.actor)).toEqual([0, 1, 2]);
    expect(c?.map((s) => s.waitsFor)).toEqual(['B', 'C', 'A']);
  });

  it('finds none in a chain or with free locks', () => {
    expect(findCycle([mutex('A', 0, [1]), mutex('B', 1, [2])])).toBeUndefined();
    expect(findCycle([mutex('A', undefined, [1, 2])])).toBeUndefined();
    expect(findCycle([])).toBeUndefined();
  });

  it('never reports an owner waiting on its own lock as a cycle', () => {
    expect(waitEdges([mutex('A', 3, [3])])).toEqual([]);
    expect(findCycle([mutex('A', 3, [3])])).toBeUndefined();
  });

  it('gives one key to the same cycle, another to a different one', () => {
    const a = findCycle([mutex('A', 9, [1]), mutex('B', 1, [9])])!;
    const b = findCycle([mutex('B', 1, [9]), mutex('A', 9, [1])])!;
    const c = findCycle([mutex('A', 2, [1]), mutex('B', 1, [2])])!;
    expect(cycleKey(a)).toBe(cycleKey(b));
    expect(cycleKey(a)).not.toBe(cycleKey(c));
  });
});
