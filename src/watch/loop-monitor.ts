// Main-thread half of the loop-only deadlock check (the verdict needs the main thread's
// own view: process.getActiveResourcesInfo()). While a round runs it publishes in the
// control block whether pending loop tasks can still be woken; the watchdog reports
// once the verdict has held, unchanged, for STEADY_MS (a waitAsync notified by a worker
// that just finished is delivered within a loop turn or two).
import { A, ActorState, F, type Telemetry } from '../shm/telemetry.js';
import type { Control } from '../shm/control.js';
import { epochNow } from '../shm/control.js';
import { extraResources, nothingCanWake } from './grade/loop-idle.js';
import { hiddenWakeSources, unrefOwn } from './wake-sources.js';
import { offLoopWorkPending } from './off-loop-work.js';

/** The actors of a round (the engine's plan), by side. */
export interface LoopActors {
  actors: readonly { id: number; kind: 'worker' | 'task' }[];
}

const CHECK_MS = 20;

/**
 * What of the scenario's on this (the main) thread can still call back, beyond the
 * round's `baseline` and `own` (racecheck's own handles then and now: a controlled
 * round's pending look, sched/loop-control.ts): handles and requests the resource list
 * shows, then the sources it cannot show, then work off the loop; empty: nothing can.
 * Each later kind is looked for only when the earlier ones found nothing slow (an
 * immediate is a loop turn, a yield's: see slowWait).
 */
export function loopSources(baseline: readonly string[], own: readonly string[] = []): string[] {
  const extra = extraResources(own.length > 0 ? [...baseline, ...own] : baseline, process.getActiveResourcesInfo());
  if (slowWait(extra)) return extra;
  const hidden = hiddenWakeSources();
  const offLoop = hidden.length > 0 ? undefined : offLoopWorkPending();
  return [...extra, ...hidden, ...(offLoop ? [offLoop] : [])];
}

/**
 * Whether sources are something an op may be waiting on for a while (a timer, I/O, a
 * request, off-loop work): an immediate is not (a loop yield's turn, racecheck's own
 * or the scenario's). Such a wait is no evidence against a deadlock or a starved actor
 * (F.LOOP_WAIT); for "nothing can wake them" an immediate still counts.
 */
export const slowWait = (sources: readonly string[]): boolean => sources.some((r) => r !== 'Immediate');

/**
 * Stamps F.LOOP_WAIT for the round's loop tasks, finished ones too: a callback of the
 * scenario's is pending on their (the main) thread, and it may wake any unfinished
 * actor (a task's flush timer that notifies a worker waiting on a cell).
 */
export function markLoopWait(t: Telemetry, plan: LoopActors, now: number): void {
  for (const a of plan.actors) if (a.kind === 'task') t.setF(a.id, F.LOOP_WAIT, now);
}

/**
 * The verdict must hold, with no task activity, this long: a wake-up already on its way
 * (a notify from a worker that just finished, an I/O callback queued) lands in a few
 * loop turns, far below this.
 */
const STEADY_MS = 100;

export class LoopIdleMonitor {
  private readonly timer: NodeJS.Timeout;
  private since = 0;
  private key = -1;

  /**
   * `cycle`: whether the round's SharedMutexes show a wait-for cycle now. Tasks in one
   * are unwakeable too, and the cycle says more: while it holds the verdict waits, and
   * the watchdog confirms the cycle and reports that (watch/detector.ts). Published at
   * once, it would beat the cycle's confirmation whenever the watchdog looks late (a
   * replayed round deadlocks before the watchdog thread's first look).
   *
   * `threadQuiet(id)`: whether a finished worker actor's thread said, at the end of its
   * round, that the scenario left nothing there that can still run (engine/settle.ts
   * leftBehind(): no timer, I/O, port or thread of its own). Until it has said so, a
   * finished worker actor can still wake a loop task (an op's flush timer that notifies
   * a cell a task awaits with Atomics.waitAsync), as a running one can. Without it (a
   * re-run of loop tasks only) finished workers count as quiet.
   */
  constructor(
    private readonly t: Telemetry, private readonly plan: LoopActors, private readonly baseline: readonly string[], private readonly control: Control,
    private readonly cycle?: () => boolean, private readonly threadQuiet?: (id: number) => boolean,
    /** One await of the scenario's outside the ops is pending (see forPhase). */
    private readonly phasePending = false,
    /** racecheck's own handles held now beyond the baseline (loopSources). */
    private readonly own: () => readonly string[] = () => [],
  ) {
    control.setLoopIdle(false, 0);
    this.timer = unrefOwn(setInterval(() => this.check(), CHECK_MS));
  }

  /**
   * The same verdict for the scenario's own await outside the ops: an async setup(),
   * invariant() or verify() still pending (watch/detector.ts phase-stuck). Nothing can
   * wake it when nothing of the scenario's is left on the loop, as for a pending task.
   */
  static forPhase(t: Telemetry, baseline: readonly string[], control: Control): LoopIdleMonitor {
    return new LoopIdleMonitor(t, { actors: [] }, baseline, control, undefined, undefined, true);
  }

  private check(): void {
    const { t, plan } = this;
    let workersRunning = 0;
    let tasksPending = this.phasePending ? 1 : 0;
    let activity = 0;
    let unfinished = 0;
    for (const a of plan.actors) {
      const s = t.get(a.id, A.STATE);
      const finished = s === ActorState.DONE || s === ActorState.FAILED;
      if (!finished) unfinished++;
      if (a.kind === 'worker' && (!finished || (this.threadQuiet && !this.threadQuiet(a.id)))) workersRunning++;
      if (a.kind === 'task') {
        if (!finished) tasksPending++;
        activity += t.get(a.id, A.OPS) + t.get(a.id, A.YIELDS) + t.get(a.id, A.RETRIES) + t.get(a.id, A.LABEL_LEN);
      }
    }
    // Looked for whenever an actor is unfinished: the no-progress rule reads the stamp
    // too (a task awaiting a slow timer is slow, not stuck; a worker waiting for a
    // finished task's flush timer too). Work on libuv's pool, c-ares or an addon calls
    // back later and is in no list.
    const sources = tasksPending > 0 || unfinished > 0 ? loopSources(this.baseline, this.own()) : [];
    const now = epochNow();
    if (slowWait(sources)) markLoopWait(t, plan, now);
    if (!nothingCanWake({ workersRunning, tasksPending, extra: sources, hidden: [] }) || this.cycle?.()) {
      this.since = 0;
      this.control.setLoopIdle(false, 0);
      return;
    }
    if (this.since === 0 || activity !== this.key) {
      this.since = now;
      this.key = activity;
      this.control.setLoopIdle(false, 0);
    } else if (now - this.since >= STEADY_MS) {
      this.control.setLoopIdle(true, this.since);
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.control.setLoopIdle(false, 0);
  }
}
