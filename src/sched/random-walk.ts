// Controlled random walk: at every scheduling point one parked actor, chosen
// uniformly. Finds what any contention shows; weak at bugs that need one actor
// held back for a long stretch (the chance of never picking it decays
// exponentially with the stretch), which is what PCT is for.
import type { Prng } from './prng.js';
import type { Scheduler } from './scheduler.js';

export function randomWalk(prng: Prng): Scheduler {
  return {
    next: (parked) => parked[prng.int(0, parked.length - 1)]!,
    stalled: () => undefined,
  };
}
