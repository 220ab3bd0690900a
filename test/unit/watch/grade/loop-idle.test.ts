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
    expect(nothingCanWake({ workersRunning: 0, tasksPending: 3, extra: [], hidden: [] })).toBe(true);
    expect(nothingCanWake({ workersRunning: 1, tasksPending: 3, extra: [], hidden: [] })).toBe(false);
    expect(nothingCanWake({ workersRunning: 0, tasksPending: 3, extra: ['Timeout'], hidden: [] })).toBe(false);
    expect(nothingCanWake({ workersRunning: 0, tasksPending: 0, extra: [], hidden: [] })).toBe(false);
  });

  it('does not hold while the scenario has a source the resource list cannot show', () => {
    expect(nothingCanWake({ workersRunning: 0, tasksPending: 2, extra: [], hidden: ['1 worker thread(s)'] })).toBe(false);
  });
});
