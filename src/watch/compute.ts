// Is a worker actor's thread computing? An op that burns CPU (a hash, a parse, a
// compression) completes no op for as long as it computes, and on a machine with
// fewer cores than actors (8 workers on 2 cores, the default here) that is several
// times its own CPU time: three 0.7 s ops read as a 2 s deadlock. A thread that
// cannot make progress is asleep in the kernel (Atomics.wait, a blocking call) or
// idle in its event loop: it gains no CPU time. So a thread that gained CPU time
// recently is busy, and the no-progress rule holds off (watch/grade/progress.ts
// computing). An op that computes forever (a spin on a flag nobody sets) is then
// judged by the budget's grace (an overrun): the slower, certain verdict.
//
// A thread the machine does not schedule gains no CPU time either: on a loaded machine
// (a CI runner's other jobs, 8 threads computing on 2 cores) a computing thread can
// wait for a core for longer than the deadlock timeout (a CI run here: eight 0.7 s ops,
// a 500 ms timeout, a deadlock verdict at 511 ms). Such a thread is runnable ('R')
// whenever it is looked at, while a thread that cannot make progress is asleep ('S'):
// runnable at two looks in a row counts as computing too. (A thread that only wakes
// now and then, a poll on a timer, is seldom caught runnable twice in a row; if it is,
// the verdict waits for the budget's grace, as for a spin.)
//
// The reading is Linux's /proc/self/task/<tid>/stat (clock ticks of 10 ms); where it
// is missing nothing is stamped and the plain rule stands.
import { A, F, type Telemetry } from '../shm/telemetry.js';
import { readThreadStat, type ThreadStat } from '../thread-state.js';

/** How often a thread's CPU time is read. */
const LOOK_MS = 100;
/**
 * CPU time gained since the base reading that counts as computing: two clock ticks.
 * The base moves on when they are reached, or after BASE_MS without them: a thread that
 * gains under 2% of a core is idle (a pool thread's 100 ms stamp timer, a rare GC),
 * while one computing on a core shared with 16 others gains ~6%.
 */
const BUSY_CPU_MS = 20;
const BASE_MS = 1000;
/** A thread stamped within this long is computing now: a computing thread is stamped at least this often. */
export const COMPUTING_NOW_MS = BASE_MS + 2 * LOOK_MS;

interface Base {
  tid: number;
  at: number;
  cpuMs: number;
  lookedAt: number;
  /** The thread was runnable at the last look. */
  runnable: boolean;
}

/** Stamps F.BUSY for worker actors whose thread keeps gaining CPU time. */
export class ComputeWatch {
  private readonly bases = new Map<number, Base>();

  constructor(
    private readonly t: Telemetry,
    private readonly workers: readonly number[],
    /** A thread's state and CPU time (tests give a fake). */
    private readonly read: (tid: number) => ThreadStat | undefined = readThreadStat,
  ) {}

  /** One pass; cheap when called more often than LOOK_MS (each thread is read at most once per LOOK_MS). */
  look(now: number): void {
    for (const id of this.workers) {
      const tid = this.t.get(id, A.TID);
      if (tid === 0) continue;
      const base = this.bases.get(id);
      if (base && base.tid === tid && now - base.lookedAt < LOOK_MS) continue;
      const stat = this.read(tid);
      if (!stat) continue;
      const runnable = stat.state === 'R';
      if (!base || base.tid !== tid) {
        this.bases.set(id, { tid, at: now, cpuMs: stat.cpuMs, lookedAt: now, runnable });
        continue;
      }
      base.lookedAt = now;
      const gained = stat.cpuMs - base.cpuMs;
      if (gained >= BUSY_CPU_MS || (runnable && base.runnable)) this.t.setF(id, F.BUSY, now);
      base.runnable = runnable;
      if (gained >= BUSY_CPU_MS || now - base.at >= BASE_MS) Object.assign(base, { at: now, cpuMs: stat.cpuMs });
    }
  }
}
