// Round seeds: the root of every schedule (see prng.ts for what lies below).
//
// seedrandom (ARC4) turns the run seed, as its decimal text (exact up to 2^53),
// into a 64-bit key once per run; each round's seed is that key mixed with the
// round number, in constant time. Replaying round 500,000,000 costs what round 1
// costs. (The replay format before 2 drew the round-th value of one seedrandom
// stream: a replay of round R took R draws, 20 s for R = 5e8.) An ARC4 key
// schedule per round would cost ~5 µs, 5% of a loop-only run: the key is
// computed once per run seed and cached.
import seedrandom from 'seedrandom';
import { mix32 } from './prng.js';

/** Round seed (31 bits, non-negative) of a round (a non-negative integer) of a run. */
export function roundSeed(runSeed: number, round: number): number {
  const [k0, k1] = runKey(runSeed);
  const lo = round >>> 0;
  const hi = Math.floor(round / 2 ** 32) >>> 0;
  // mix32 is a bijection, so for a fixed run seed rounds below 2^32 get distinct
  // 32-bit values before the last bit is dropped.
  const h = mix32((lo ^ k0) >>> 0);
  return mix32((h + k1 + Math.imul(hi, 0x9e3779b9)) >>> 0) >>> 1;
}

function runKey(runSeed: number): readonly [number, number] {
  let k = keys.get(runSeed);
  if (!k) {
    const rng = seedrandom(`racecheck/${runSeed}`);
    k = [rng.int32() >>> 0, rng.int32() >>> 0];
    keys.set(runSeed, k);
    // A run process sees one run seed (a few with shards); the bound is for long-lived API users.
    if (keys.size > 16) keys.delete(keys.keys().next().value!);
  }
  return k;
}
const keys = new Map<number, readonly [number, number]>();
