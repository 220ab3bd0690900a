// Golden values of every seed derivation and seeded choice a replay depends on.
//
// A printed replay (`--seed S --round R --schedule v2:TOKEN`) is a promise that the
// same racecheck runs the same round again. These numbers were computed once from the
// implementation and written down: if one of them changes, every replay users have
// pasted into tickets now runs something else. That is allowed only as a replay format
// change: bump REPLAY_FORMAT in src/sched/schedule.ts (old tokens are then refused),
// say so in the README's replay section, and update the values here in the same commit.
import { describe, expect, it } from 'vitest';
import { roundSeed } from '../../../src/sched/round-seed.js';
import { actorSeed, actorStreams, deriveSeed, type Prng } from '../../../src/sched/prng.js';
import { issueOrder, shuffled, weightedIndex } from '../../../src/sched/choice.js';
import { makeScheduler, REPLAY_FORMAT } from '../../../src/sched/schedule.js';
import { loopYield } from '../../../src/sched/yield.js';

/** The first n outputs of a stream as the 32-bit words behind them (next() is word / 2^32, exactly). */
const words = (p: Prng, n: number) => Array.from({ length: n }, () => p.next() * 2 ** 32);
const R1 = roundSeed(42, 1);

describe(`replay format ${REPLAY_FORMAT} golden values`, () => {
  it('is the format these values belong to', () => {
    expect(REPLAY_FORMAT).toBe(2);
  });

  it('round seeds: (run seed, round) -> seed', () => {
    const cases: [number, number, number][] = [
      [0, 1, 450394783],
      [42, 1, 1721804041],
      [42, 2, 933477428],
      [42, 3, 346204435],
      [7, 1_000_000_000, 1270371808],
      [2 ** 53 - 1, 7, 795360474],
      [2 ** 32 + 42, 1, 536961331],
    ];
    for (const [seed, round, want] of cases) expect(roundSeed(seed, round), `roundSeed(${seed}, ${round})`).toBe(want);
  });

  it('round 500,000,000 is derived directly (the replay issue 9 timed out on)', () => {
    // Asked cold, with no earlier round of this run seed: no stream is walked.
    expect(roundSeed(5, 500_000_000)).toBe(1940662433);
    expect(roundSeed(5, 499_999_999)).not.toBe(1940662433);
  });

  it('actor seeds and the first values of each actor stream', () => {
    expect([0, 1, 2, 3].map((a) => actorSeed(R1, a))).toEqual([705969633, 57349074, 2096921628, 1269694687]);
    expect([0, 1, 2, 3].map((a) => actorStreams(R1, a).seed)).toEqual([705969633, 57349074, 2096921628, 1269694687]);
    // ctx.random() / op choices.
    expect([0, 1, 2, 3].map((a) => words(actorStreams(R1, a).prng, 4))).toEqual([
      [771757051, 837862632, 2872813092, 1962171031],
      [862709725, 944126118, 3733282356, 2976368290],
      [3528735710, 3558656749, 3010143814, 1980088338],
      [2285006312, 1270850300, 1757694042, 3229553666],
    ]);
    // Seeded delays (loop tasks and workers draw from this stream).
    expect([0, 1, 2, 3].map((a) => words(actorStreams(R1, a).yields, 4))).toEqual([
      [827372707, 1461377373, 2282071637, 908423808],
      [2736767507, 3415754927, 246560511, 1260477902],
      [1373022501, 2832259276, 2867348008, 904493050],
      [2048835899, 2814870974, 863982732, 821577137],
    ]);
  });

  it('derived seeds by label (round size, Math.random, a run seed above 2^32)', () => {
    expect(deriveSeed(5)).toBe(1188566035);
    expect(deriveSeed(5, 'x', 1)).toBe(534090119);
    expect(deriveSeed(2 ** 32 + 5)).toBe(1666177803);
    expect(deriveSeed(R1, 'round-size')).toBe(186354813);
    expect(deriveSeed(R1, 'Math.random')).toBe(949617868);
  });

  it('issue order, ctx.shuffle and op choices', () => {
    expect(issueOrder(R1, [0, 1, 2, 3, 4, 5, 6, 7])).toEqual([7, 0, 5, 6, 2, 1, 4, 3]);
    expect(shuffled(actorStreams(R1, 1).prng, ['a', 'b', 'c', 'd', 'e'])).toEqual(['d', 'e', 'c', 'a', 'b']);
    // Two ops weighted 3:1.
    const p = actorStreams(R1, 0).prng;
    expect(Array.from({ length: 12 }, () => weightedIndex(p, [3, 4]))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1]);
  });

  it('mix: the first loop-task yields of actor 0 (none, microtask hops, setImmediate turns)', () => {
    const drawn: string[] = [];
    const yields = actorStreams(R1, 0).yields;
    const logged: Prng = {
      next: () => yields.next(),
      int: (lo, hi) => {
        const v = yields.int(lo, hi);
        drawn.push(`${lo}..${hi}=${v}`);
        return v;
      },
    };
    const y = loopYield(logged, { maxUs: 100, turns: 4 });
    const kinds = Array.from({ length: 12 }, () => {
      drawn.length = 0;
      void y();
      // 2..8: that many microtask hops; 1..turns: that many setImmediate turns; none: go on at once.
      return drawn[0] ?? 'now';
    });
    expect(kinds).toEqual(['now', '2..8=5', 'now', 'now', 'now', '2..8=5', '2..8=6', '2..8=2', '2..8=3', '1..4=3', '1..4=3', '1..4=3']);
  });

  it('random and pct: the first decisions over four parked actors', () => {
    const ids = [0, 1, 2, 3];
    const decide = (s: Parameters<typeof makeScheduler>[0], n: number) => {
      const sch = makeScheduler(s, R1, ids);
      return Array.from({ length: n }, () => sch.next(ids));
    };
    expect(decide({ strategy: 'random' }, 16)).toEqual([0, 0, 3, 1, 2, 3, 0, 0, 2, 2, 1, 0, 3, 3, 1, 0]);
    expect(decide({ strategy: 'pct', depth: 3, steps: 16 }, 16)).toEqual([0, 0, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3]);
  });
});
