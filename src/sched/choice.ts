// Seeded choices the engine makes from a PRNG stream: issue order (round.ts),
// ctx.shuffle (actor.ts), PCT's initial priorities and an actor's next op. One
// definition each, so a replay draws the same values in the same order wherever
// the choice is made (the golden values in test/unit/sched pin them).
import { deriveSeed, makePrng, type Prng } from './prng.js';

/** A new array: Fisher-Yates from the last index down, one prng.int(0, i) per step. */
export function shuffled<T>(prng: Prng, xs: readonly T[]): T[] {
  const out = xs.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = prng.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Index into `cumulative` (ascending cumulative weights) drawn with one
 * prng.next(): k with probability weight k / total.
 */
export function weightedIndex(prng: Prng, cumulative: readonly number[]): number {
  const total = cumulative[cumulative.length - 1] ?? 0;
  const r = prng.next() * total;
  let k = 0;
  while (k < cumulative.length - 1 && r >= cumulative[k]!) k++;
  return k;
}

/** The order a round issues its actors in (a function of the round seed only). */
export function issueOrder<T>(rSeed: number, actors: readonly T[]): T[] {
  return shuffled(makePrng(deriveSeed(rSeed, 'issue-order')), actors);
}
