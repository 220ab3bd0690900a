// The main-thread half of the loop-only deadlock check (src/watch/loop-monitor.ts):
// it publishes "nothing can wake the pending tasks" once that has held, and holds it
// back while the round's locks show a wait-for cycle (the watchdog reports the cycle).
import { afterEach, describe, expect, it } from 'vitest';
import { A, ActorState, Telemetry } from '../../../src/shm/telemetry.js';
import { Control } from '../../../src/shm/control.js';
import { LoopIdleMonitor } from '../../../src/watch/loop-monitor.js';

/** Unref'd: a ref'd timer would be a wake-up source the monitor must respect. */
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms).unref());

const monitors: LoopIdleMonitor[] = [];
afterEach(() => {
  for (const m of monitors.splice(0)) m.stop();
});

function start(cycle?: () => boolean): Control {
  const t = Telemetry.create(1);
  t.resetRound(1, false);
  t.set(0, A.STATE, ActorState.RUNNING); // a pending task
  const control = Control.create();
  monitors.push(new LoopIdleMonitor(t, { actors: [{ id: 0, kind: 'task' }] }, process.getActiveResourcesInfo(), control, cycle));
  return control;
}

async function idleWithin(control: Control, ms: number): Promise<boolean> {
  for (let waited = 0; waited < ms && control.loopIdleSince === 0; waited += 50) await pause(50);
  return control.loopIdleSince > 0;
}

describe('LoopIdleMonitor', () => {
  it('publishes a pending task that nothing can wake', async () => {
    expect(await idleWithin(start(), 5000)).toBe(true);
  });

  it('holds the verdict back while a wait-for cycle holds, and publishes it once the cycle is gone', async () => {
    let cycle = true;
    const control = start(() => cycle);
    await pause(600);
    expect(control.loopIdleSince).toBe(0);
    cycle = false;
    expect(await idleWithin(control, 5000)).toBe(true);
  });
});
