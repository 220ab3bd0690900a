// Synthetic telemetry samples for the watchdog's pure graders.
import { ActorState } from '../../../src/shm/telemetry.js';
import { Phase } from '../../../src/shm/control.js';
import type { ActorSample, MutexSample, Sample } from '../../../src/watch/sample.js';

export const T0 = 1_000_000;

export function actor(id: number, over: Partial<ActorSample> = {}): ActorSample {
  return {
    id, name: over.kind === 'task' ? `task#${id + 1}` : `worker#${id + 1}`, kind: 'worker', state: ActorState.RUNNING,
    ops: 0, spins: 0, op: 0, opStartedAt: T0, lastDoneAt: T0, thread: 10 + id, loopWaitAt: 0, busyAt: 0, cut: false, ...over,
  };
}

export function sample(at: number, actors: ActorSample[], over: Partial<Sample> = {}): Sample {
  return { at, round: 1, phase: Phase.ROUND, phaseSince: T0, heartbeat: at, loopIdleSince: 0, controlled: false, actors, mutexes: [], ...over };
}

export function mutex(name: string, owner: number | undefined, waiters: number[] = []): MutexSample {
  return { name, id: name.length, locked: owner !== undefined, ...(owner !== undefined ? { owner } : {}), waiters };
}
