// What verify(view, round) sees: op counts and results of the round.
import type { RoundInfo } from '../scenario/types.js';
import type { ActorOutcome } from './protocol.js';

export function makeRoundInfo(index: number, seed: number, opNames: string[], outcomes: ActorOutcome[]): RoundInfo {
  const at = (op: string) => {
    const i = opNames.indexOf(op);
    if (i < 0) throw new RangeError(`round.count/results: unknown op "${op}" (ops are: ${opNames.join(', ')})`);
    return i;
  };
  return {
    index,
    seed,
    count: (op) => {
      const i = at(op);
      return outcomes.reduce((n, o) => n + (o.opCounts[i] ?? 0), 0);
    },
    results: (op) => {
      const i = at(op);
      // A plain loop: flatMap takes V8's generic path, ~90 ns an element (a round's
      // results can be thousands, every round).
      const all: unknown[] = [];
      for (const o of outcomes) {
        const r = o.results?.[i];
        if (r) for (let k = 0; k < r.length; k++) all.push(r[k]);
      }
      return all;
    },
  };
}
