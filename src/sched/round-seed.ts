// Round seeds: the root of every schedule, from seedrandom (see prng.ts).
import seedrandom from 'seedrandom';

/**
 * Round seed from the run seed: the round-th draw of seedrandom seeded with the
 * run seed (the documented root of every schedule). Rounds run in order, so the
 * stream is kept and each round costs one draw (an ARC4 key schedule per round
 * was 5% of a loop-only run); a replay of round R draws R times (~40 ns each).
 */
export function roundSeed(runSeed: number, round: number): number {
  let s = streams.get(runSeed);
  if (!s || s.round > round) {
    s = { rng: seedrandom(`racecheck/${runSeed}`), round: 0, value: 0 };
    streams.set(runSeed, s);
    if (streams.size > 16) streams.delete(streams.keys().next().value!);
  }
  while (s.round < round) {
    s.value = s.rng.int32() >>> 1;
    s.round++;
  }
  return s.value;
}
const streams = new Map<number, { rng: seedrandom.PRNG; round: number; value: number }>();
