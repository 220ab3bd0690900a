// The run seed when none is given: the one draw of real entropy in a run.
// Everything else (round seeds, actor streams, schedules, mutex ids) derives
// from it, so the printed seed replays the run.
import { randomInt } from 'node:crypto';

/**
 * Uniform over 0 .. 2^53-1, the range --seed accepts (src/options.ts MAX_SEED),
 * so every seed racecheck picks prints exactly and replays as itself.
 * randomInt spans at most 2^48 values: the seed is two draws, 21 + 32 bits.
 */
export function freshRunSeed(): number {
  return randomInt(0, 2 ** 21) * 2 ** 32 + randomInt(0, 2 ** 32);
}
