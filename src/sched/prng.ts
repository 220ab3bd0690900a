// The only source of randomness for schedules and ctx.random(). seedrandom
// (ARC4) turns the run seed into a key that each round's seed is mixed from
// (round-seed.ts, main thread only); below that, per-actor streams are derived
// with splitmix32 and run on sfc32 (3 ns a call here, ARC4 40 ns, and an ARC4
// key schedule costs ~5 µs: too much to pay for every actor of every round).
// Worker threads load this module and not seedrandom (6 ms of import per thread).

import { hashString } from '../hash.js';

export interface Prng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [lo, hi], both ends included. */
  int(lo: number, hi: number): number;
}

/** splitmix32 finaliser: a bijective 32-bit mix. */
export function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x21f0aaad);
  x = Math.imul(x ^ (x >>> 15), 0x735a2d97);
  return (x ^ (x >>> 15)) >>> 0;
}

/**
 * A 31-bit non-negative seed derived from a parent seed (an integer 0 .. 2^53-1:
 * a run seed, a round or actor seed) and a path of labels (pure, cheap).
 */
export function deriveSeed(parent: number, ...path: (string | number)[]): number {
  let h = mix32(((parent >>> 0) ^ 0x9e3779b9) >>> 0);
  // The high word of a run seed above 2^32 (shard copies): without it, seeds
  // 2^32 apart would derive the same streams. 0 for every 31-bit seed.
  const hi = Math.floor(parent / 2 ** 32) >>> 0;
  if (hi !== 0) h = mix32((h + Math.imul(hi, 0x85ebca6b)) >>> 0);
  for (const p of path) h = mix32((h + Math.imul(hashString(String(p)), 0x85ebca6b)) >>> 0);
  return h >>> 1;
}

export function sfc32(a: number, b: number, c: number, d: number): () => number {
  return () => {
    a |= 0; b |= 0; c |= 0; d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

export function makePrng(seed: number): Prng {
  // splitmix32 sequence fills the sfc32 state.
  let s = seed >>> 0;
  const word = () => mix32((s = (s + 0x9e3779b9) >>> 0));
  const next = sfc32(word(), word(), word(), word());
  // Warm up: sfc32's first outputs are correlated with the seed words.
  for (let i = 0; i < 12; i++) next();
  return {
    next,
    int(lo, hi) {
      return lo + Math.floor(next() * (hi - lo + 1));
    },
  };
}

/**
 * Seed Math.random for this thread until the returned restore is called. Scenarios
 * should use ctx.random(), but the code they test (retry jitter, ids, a library's
 * backoff) often calls Math.random; seeding it per round (and per worker actor) keeps
 * loop-only replays exact for that code too. The caller scopes it to the scenario's
 * code: racecheck's own code and the next scenario get Math.random back as it was.
 */
export function seedMathRandom(seed: number): () => void {
  const before = Math.random;
  Math.random = makePrng(deriveSeed(seed, 'Math.random')).next;
  return () => {
    Math.random = before;
  };
}

/** Actor seed from the round seed. */
export const actorSeed = (rSeed: number, actorId: number) => deriveSeed(rSeed, 'actor', actorId);

/**
 * An actor's streams for a round, on whichever thread it runs: `prng` for its op
 * choices and ctx.random(), `yields` for its seeded delays (separate, so adding
 * a ctx.random() call to an op does not shift every later yield).
 */
export function actorStreams(rSeed: number, actorId: number): { seed: number; prng: Prng; yields: Prng } {
  const seed = actorSeed(rSeed, actorId);
  return { seed, prng: makePrng(seed), yields: makePrng(deriveSeed(seed, 'yield')) };
}
