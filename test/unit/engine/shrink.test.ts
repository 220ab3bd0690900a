// Which of the watchdog's findings a shrink re-run can judge again without it
// (src/engine/shrink.ts rerunJudges): structural deadlocks only, never a verdict of time.
import { describe, expect, it } from 'vitest';
import type { Finding, FindingCheck, FindingKind } from '../../../src/result.js';
import { rerunJudges } from '../../../src/engine/shrink.js';

const finding = (kind: FindingKind, check: FindingCheck): Finding => ({ kind, check, message: '', actors: [], round: 1, roundSeed: 1 });

describe('rerunJudges', () => {
  it('takes a wait-for cycle and a deadlock (tasks nothing can wake: the same check)', () => {
    expect(rerunJudges(finding('deadlock', 'wait-cycle'))).toBe(true);
    expect(rerunJudges(finding('deadlock', 'deadlock'))).toBe(true);
  });

  it('leaves what only time shows: starvation, a timeout, an overrun', () => {
    expect(rerunJudges(finding('starvation', 'loop-blocked'))).toBe(false);
    expect(rerunJudges(finding('starvation', 'unfair'))).toBe(false);
    expect(rerunJudges(finding('starvation', 'livelock'))).toBe(false);
    expect(rerunJudges(finding('deadlock', 'timeout'))).toBe(false);
    expect(rerunJudges(finding('error', 'overrun'))).toBe(false);
  });
});
