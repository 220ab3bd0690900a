// A finding's schedule token and trace (src/engine/control.ts annotate). A blocked
// loop is reported after the block, while the round went on: its trace ends with the
// step during which the main thread was held that long (LoopControl.heldSteps).
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/result.js';
import { annotate, type RoundControl } from '../../../src/engine/control.js';
import type { LoopControl } from '../../../src/sched/loop-control.js';
import type { TraceEvent } from '../../../src/sched/trace.js';
import type { Plan } from '../../../src/engine/plan.js';

const plan = {
  opNames: ['append'], workers: 1, tasks: 1, fixed: {},
  actors: [{ id: 0, kind: 'worker', name: 'worker#1' }, { id: 1, kind: 'task', name: 'task#1' }],
} as unknown as Plan;

const events: TraceEvent[] = [
  { step: 1, actor: 0, event: 'run' }, { step: 1, actor: 0, event: 'op', op: 0 },
  { step: 2, actor: 1, event: 'run' }, { step: 2, actor: 1, event: 'op', op: 0 },
  { step: 3, actor: 0, event: 'run' }, { step: 3, actor: 0, event: 'yield', label: 'after' },
];

function control(heldSteps: { step: number; ms: number }[]): RoundControl {
  const loop = { merged: () => events, trace: { dropped: 0 }, heldSteps } as unknown as LoopControl;
  return { schedule: { strategy: 'pct', depth: 2, steps: 10 }, loop };
}

const finding = (check: Finding['check'], stuckMs?: number): Finding => ({
  kind: check === 'loop-blocked' ? 'starvation' : 'deadlock', check, message: 'it failed', round: 1, roundSeed: 1,
  actors: [{ name: 'main', kind: 'main', ...(stuckMs !== undefined ? { stuckMs } : {}) }],
});

describe('annotate', () => {
  it('gives every finding the token and the trace, ending with the failure', () => {
    const f = finding('deadlock');
    annotate([f], control([]), plan);
    expect(f.schedule).toBe('v2:pct:2:10');
    expect(f.trace!.map((e) => e.step)).toEqual([1, 1, 2, 2, 3, 3, 3]);
    expect(f.trace!.at(-1)).toEqual({ step: 3, actor: 'main', event: 'fail', message: 'it failed' });
  });

  it('ends a blocked loop\'s trace at the step that held the main thread as long as the block', () => {
    const f = finding('loop-blocked', 236);
    // Step 1 held the loop a little (a slow look), step 2 for the block (measured from a heartbeat up to 10 ms before it).
    annotate([f], control([{ step: 1, ms: 40 }, { step: 2, ms: 228 }]), plan);
    expect(f.trace!.map((e) => `${e.step} ${e.actor} ${e.event}`)).toEqual(['1 worker#1 run', '1 worker#1 op', '2 task#1 run', '2 task#1 op', '2 main fail']);
  });

  it('keeps the whole trace when no step held the loop that long', () => {
    const f = finding('loop-blocked', 236);
    annotate([f], control([{ step: 1, ms: 40 }]), plan);
    expect(f.trace!.at(-2)).toMatchObject({ step: 3, event: 'yield' });
  });
});
