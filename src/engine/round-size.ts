// Rounds sized to the work (README "How rounds are sized"). Many small rounds beat a
// few big ones (Lincheck, jcstress): each round is a fresh start where actors race
// into the same state, and a finding in a small round replays small. So unless --ops
// (or a side's opsPerRound) fixes it, a round's ops per actor are drawn between 1 and
// a cap that starts small and follows the measured time per op, so that a budget gets
// about TARGET_ROUNDS rounds; the cap never exceeds --ops' value (default 50).
// The draw comes from the round seed; the cap from measured time, so a finding's
// replay command carries the size of the round that failed (--ops N).
import { deriveSeed, makePrng } from '../sched/prng.js';

/** Rounds a budget should get at least (tens, not three). */
const TARGET_ROUNDS = 40;
/** Never aim below this round time: per-round setup would cost more than the ops. */
const MIN_ROUND_MS = 10;
const FIRST_CAP = 2;

export class RoundSizer {
  private cap: number;
  private readonly targetMs: number;

  constructor(private readonly max: number, budgetMs: number) {
    this.cap = Math.min(FIRST_CAP, max);
    this.targetMs = Math.max(MIN_ROUND_MS, budgetMs / TARGET_ROUNDS);
  }

  /** This round's ops per actor: uniform in [ceil(cap / 4), cap], from the round seed. */
  sizeFor(roundSeed: number): number {
    const lo = Math.max(1, Math.ceil(this.cap / 4));
    return makePrng(deriveSeed(roundSeed, 'round-size')).int(lo, this.cap);
  }

  /**
   * A round of `size` ops per actor took `roundMs` (setup and checks included: that is
   * what a round costs). The cap at most doubles per round, so a scenario whose first
   * ops were fast but whose later ones are slow still starts small.
   */
  observe(size: number, roundMs: number): void {
    if (size <= 0 || !(roundMs >= 0)) return;
    const perOp = Math.max(roundMs / size, 1e-3);
    const fit = Math.floor(this.targetMs / perOp);
    this.cap = Math.max(1, Math.min(this.max, this.cap * 2, fit));
  }

  get currentCap(): number {
    return this.cap;
  }
}
