import { describe, expect, it } from 'vitest';
import { cleanEvalStack } from '../../../src/watch/stacks.js';

describe('cleanEvalStack', () => {
  it('drops the message line and the frames of the evaluation itself', () => {
    const raw = [
      'Error: racecheck',
      '    at eval (eval at wait (file:///s.ts:12:15), <anonymous>:4:16)',
      '    at eval (eval at wait (file:///s.ts:12:15), <anonymous>:6:3)',
      '    at Atomics.wait (<anonymous>)',
      '    at Array.wait (/repo/s.ts:12:15)',
    ].join('\n');
    expect(cleanEvalStack(raw)).toBe('    at Atomics.wait (<anonymous>)\n    at Array.wait (/repo/s.ts:12:15)');
  });
});
