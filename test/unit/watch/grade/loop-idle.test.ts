import { describe, expect, it } from 'vitest';
import { extraResources, nothingCanWake } from '../../../../src/watch/grade/loop-idle.js';

describe('extraResources', () => {
  it('is the multiset difference: what the loop waits for beyond the baseline', () => {
    expect(extraResources(['PipeWrap', 'Timeout'], ['Timeout', 'PipeWrap', 'Timeout', 'FSReqPromise'])).toEqual(['Timeout', 'FSReqPromise']);
    expect(extraResources(['PipeWrap', 'Timeout', 'CloseReq'], ['PipeWrap'])).toEqual([]);
  });
});

describe('nothingCanWake', () => {
  it('holds only with pending tasks, no worker actor running and nothing extra on the loop', () => {
    expect(nothingCanWake({ workersRunning: 0, tasksPending: 3, extra: [] })).toBe(true);
    expect(nothingCanWake({ workersRunning: 1, tasksPending: 3, extra: [] })).toBe(false);
    expect(nothingCanWake({ workersRunning: 0, tasksPending: 3, extra: ['Timeout'] })).toBe(false);
    expect(nothingCanWake({ workersRunning: 0, tasksPending: 0, extra: [] })).toBe(false);
  });
});
