// Who runs what: actor specs from the scenario's sides and the run settings.
import type { Scenario, SideConfig } from '../scenario/types.js';
import type { RunSettings } from '../result.js';
import type { ActorSpec } from './protocol.js';

export interface Plan {
  opNames: string[];
  actors: ActorSpec[];
  workers: number;
  tasks: number;
  /** Sides whose count the scenario fixes (`count`, or `false`): --workers/--tasks do not apply. */
  fixed: FixedCounts;
}

/** Which actor counts the scenario itself fixes (the header says so: a flag does not change them). */
export interface FixedCounts {
  workers?: true;
  tasks?: true;
}

function weights(side: SideConfig<string> | undefined, opNames: string[]): [number[], number[]] {
  const sel = side?.ops;
  const pairs: [string, number][] = sel === undefined
    ? opNames.map((n) => [n, 1])
    : Array.isArray(sel)
      ? (sel as string[]).map((n) => [n, 1])
      : Object.entries(sel as Record<string, number>).filter(([, w]) => w > 0);
  const ops: number[] = [];
  const cumulative: number[] = [];
  let sum = 0;
  for (const [n, w] of pairs) {
    sum += w;
    ops.push(opNames.indexOf(n));
    cumulative.push(sum);
  }
  return [ops, cumulative];
}

export function planActors(s: Scenario, settings: RunSettings): Plan {
  const opNames = Object.keys(s.ops);
  const actors: ActorSpec[] = [];
  const sides = [
    ['worker', s.workers, settings.workers],
    ['task', s.tasks, settings.tasks],
  ] as const;
  let workers = 0;
  let tasks = 0;
  const fixed: FixedCounts = {};
  for (const [kind, side, defaultCount] of sides) {
    if (side === false || side?.count !== undefined) fixed[kind === 'worker' ? 'workers' : 'tasks'] = true;
    if (side === false) continue;
    const count = side?.count ?? defaultCount;
    const [ops, cumulative] = weights(side, opNames);
    const opsPerRound = side?.opsPerRound ?? settings.opsPerRound;
    const sized = side?.opsPerRound === undefined && !settings.opsFixed;
    for (let i = 0; i < count; i++) {
      actors.push({ id: actors.length, kind, name: `${kind}#${i + 1}`, ops, cumulative, opsPerRound, sized });
    }
    if (kind === 'worker') workers = count;
    else tasks = count;
  }
  return { opNames, actors, workers, tasks, fixed };
}

/** The ops a round runs in all when sized actors run `size` each (side-fixed ones run their own opsPerRound). */
export const opsInRound = (plan: Plan, size: number): number =>
  plan.actors.reduce((n, a) => n + (a.sized ? size : a.opsPerRound), 0);
