// One fast-check run mirrors one racecheck round (bench/lib defaults read from
// racecheck: 8 async tasks here = --tasks default 4 x 2 cores, 50 ops each):
// TASKS tasks run OPS ops one after the other, every await inside an op goes
// through the fast-check scheduler (where racecheck's ctx.yield() stands).
export const TASKS = 8;
export const OPS = 50;

/** Runs `tasks` async loops of `ops(taskIndex, opIndex)` under scheduler s until all are done. */
export async function runRound(s, opsOf) {
  const all = Promise.all(Array.from({ length: TASKS }, async (_, t) => {
    for (let i = 0; i < OPS; i++) await opsOf(t, i);
  }));
  await s.waitFor(all);
}
