// One reading of the shared telemetry, as plain data: what the graders judge. Taken
// by the watchdog thread every few milliseconds without the main thread's help.
import { A, ActorState, CTRL, F, type Telemetry } from '../shm/telemetry.js';
import { readMutexState } from '../primitives/shared-mutex.js';
import type { Control } from '../shm/control.js';
import type { MutexInfo, WatchActor } from './protocol.js';

export interface ActorSample {
  id: number;
  name: string;
  kind: 'worker' | 'task';
  state: number;
  ops: number;
  /** ctx.yield calls plus failed SharedMutex.tryLock calls: activity that is not progress. */
  spins: number;
  /** Op index, or -1. */
  op: number;
  label?: string;
  opStartedAt: number;
  /** When the actor last completed an op (its start time before the first one). */
  lastDoneAt: number;
  thread: number;
  /** When its thread last saw a scenario's callback pending there (F.LOOP_WAIT), or 0. */
  loopWaitAt: number;
  /** When the watchdog last saw its worker thread gain CPU time (F.BUSY, watch/compute.ts), or 0. */
  busyAt: number;
  /** Stopped starting ops at the budget's cut with planned ops left (A.CUT). */
  cut: boolean;
}

export interface MutexSample {
  name: string;
  id: number;
  locked: boolean;
  owner?: number;
  waiters: number[];
}

export interface Sample {
  at: number;
  round: number;
  phase: number;
  phaseSince: number;
  /** Last main-loop heartbeat (epoch ms). */
  heartbeat: number;
  /** Epoch ms since when the main thread has seen its loop idle with tasks pending, or 0. */
  loopIdleSince: number;
  /** A controlled round: who waits is the scheduler's choice, not the program's unfairness. */
  controlled: boolean;
  actors: ActorSample[];
  mutexes: MutexSample[];
}

export const isUnfinished = (a: ActorSample): boolean =>
  a.state !== ActorState.DONE && a.state !== ActorState.FAILED;
export const isStarted = (a: ActorSample): boolean => a.state !== ActorState.IDLE;

/** Labels are decoded only for a report (`withLabels`): every 20 ms they would be garbage. */
export function readActors(t: Telemetry, actors: readonly WatchActor[], withLabels = false): ActorSample[] {
  return actors.map((a) => {
    const op = t.get(a.id, A.OP) - 1;
    const label = withLabels ? t.label(a.id) : undefined;
    return {
      id: a.id,
      name: a.name,
      kind: a.kind,
      state: t.get(a.id, A.STATE),
      ops: t.get(a.id, A.OPS),
      spins: t.get(a.id, A.YIELDS) + t.get(a.id, A.RETRIES),
      op,
      ...(label !== undefined ? { label } : {}),
      opStartedAt: t.getF(a.id, F.OP_STARTED),
      lastDoneAt: t.getF(a.id, F.LAST_DONE),
      thread: t.get(a.id, A.THREAD),
      loopWaitAt: t.getF(a.id, F.LOOP_WAIT),
      busyAt: t.getF(a.id, F.BUSY),
      cut: t.get(a.id, A.CUT) === 1,
    };
  });
}

export function readMutexes(mutexes: readonly MutexInfo[]): MutexSample[] {
  return mutexes.map((m) => {
    const s = readMutexState(m.state);
    return { name: m.name, id: s.id, locked: s.locked, ...(s.owner !== undefined ? { owner: s.owner } : {}), waiters: s.waiters };
  });
}

/** The last reading of each telemetry block on this thread: a round, when, and each actor's OPS. */
const lastReading = new WeakMap<Telemetry, { round: number; at: number; ops: Map<number, number> }>();

/**
 * Actors read the clock once per stride of fast ops (engine/actor.ts), so LAST_DONE can
 * lag while ops complete (a stride of fast ops that turns slow); OPS is written after
 * every op. An actor whose OPS moved since the last reading of the same round completed
 * an op after that reading: its lastDoneAt is raised to the reading's time. Every
 * judge of progress reads through this (the watchdog thread, a re-run's own judge, the
 * plain no-progress timer), so a lagging stamp can never look like a stall.
 */
export function liftLastDone(t: Telemetry, now: number, actors: ActorSample[]): ActorSample[] {
  const round = Atomics.load(t.i32, CTRL.ROUND);
  const prev = lastReading.get(t);
  if (prev && prev.round === round) {
    for (const a of actors) {
      const before = prev.ops.get(a.id);
      if (before !== undefined && a.ops !== before && a.lastDoneAt < prev.at) a.lastDoneAt = prev.at;
    }
  }
  lastReading.set(t, { round, at: now, ops: new Map(actors.map((a) => [a.id, a.ops])) });
  return actors;
}

export function takeSample(
  now: number, control: Control, t: Telemetry, actors: readonly WatchActor[], mutexes: readonly MutexInfo[], beatFloor: number,
): Sample {
  return {
    at: now,
    round: Atomics.load(t.i32, CTRL.ROUND),
    phase: control.phase,
    phaseSince: control.phaseSince,
    heartbeat: Math.max(control.heartbeat, beatFloor),
    loopIdleSince: control.loopIdleSince,
    controlled: control.controlled,
    actors: liftLastDone(t, now, readActors(t, actors)),
    mutexes: readMutexes(mutexes),
  };
}
