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
// The reading is Linux's /proc/self/task/<tid>/stat (clock ticks of 10 ms); where it
// is missing nothing is stamped and the plain rule stands.
import { A, F, type Telemetry } from '../shm/telemetry.js';
import { readThreadStat } from '../thread-state.js';

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
}

/** Stamps F.BUSY for worker actors whose thread keeps gaining CPU time. */
export class ComputeWatch {
  private readonly bases = new Map<number, Base>();

  constructor(private readonly t: Telemetry, private readonly workers: readonly number[]) {}

  /** One pass; cheap when called more often than LOOK_MS (each thread is read at most once per LOOK_MS). */
  look(now: number): void {
    for (const id of this.workers) {
      const tid = this.t.get(id, A.TID);
      if (tid === 0) continue;
      const base = this.bases.get(id);
      if (base && base.tid === tid && now - base.lookedAt < LOOK_MS) continue;
      const stat = readThreadStat(tid);
      if (!stat) continue;
      if (!base || base.tid !== tid) {
        this.bases.set(id, { tid, at: now, cpuMs: stat.cpuMs, lookedAt: now });
        continue;
      }
      base.lookedAt = now;
      const gained = stat.cpuMs - base.cpuMs;
      if (gained >= BUSY_CPU_MS) this.t.setF(id, F.BUSY, now);
      if (gained >= BUSY_CPU_MS || now - base.at >= BASE_MS) Object.assign(base, { at: now, cpuMs: stat.cpuMs });
    }
  }
}
