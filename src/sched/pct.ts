// PCT (Burckhardt et al., ASPLOS 2010): each actor gets a random distinct
// priority; the highest-priority parked actor always runs; at d-1 random
// steps chosen over the estimated step count k, the actor about to run drops
// below every initial priority. A bug of depth d (d ordering constraints) is
// found with probability >= 1/(n * k^(d-1)) per round.
//
// Two departures from the paper, both needed on an event loop:
// - an actor that parks again without progress (spinning on a condition)
//   drops to the lowest priority; otherwise the top actor spins forever
//   waiting for one that never runs;
// - k is an estimate (the mean steps of earlier rounds, carried in the schedule
//   token): the mean, not the maximum, keeps change points inside the typical
//   round (3x the depth-3 hit rate of the maximum in the reference runs).
import type { Prng } from './prng.js';
import type { Scheduler } from './scheduler.js';
import { shuffled } from './choice.js';

export function pct(prng: Prng, actors: readonly number[], depth: number, steps: number): Scheduler {
  const d = Math.max(1, depth);
  const prio = new Map<number, number>();
  const order = shuffled(prng, actors);
  // Initial priorities d .. d+n-1: every change point (d-1 .. 1) lands below them.
  order.forEach((id, i) => prio.set(id, d + i));
  // change step -> the priority it assigns (earlier points get higher ones).
  const changes = new Map<number, number>();
  const k = Math.max(1, Math.round(steps));
  for (let j = 1; j < d && changes.size < k; j++) {
    let s = prng.int(1, k);
    while (changes.has(s)) s = (s % k) + 1;
    changes.set(s, d - j);
  }
  let floor = 0;
  let step = 0;
  const top = (parked: readonly number[]) => {
    let best = parked[0]!;
    for (const id of parked) if ((prio.get(id) ?? 0) > (prio.get(best) ?? 0)) best = id;
    return best;
  };
  return {
    next(parked) {
      step++;
      const chosen = top(parked);
      const lowered = changes.get(step);
      if (lowered === undefined) return chosen;
      prio.set(chosen, lowered);
      return top(parked);
    },
    stalled(id) {
      prio.set(id, --floor);
    },
  };
}
