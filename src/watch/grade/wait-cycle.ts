// Pure wait-for graph over racecheck locks: actor W waits for mutex M, held by actor
// O, gives the edge W -> O. A cycle can never resolve by itself: a deadlock, reported
// with who holds and who waits for what.
import type { MutexSample } from '../sample.js';

export interface CycleStep {
  /** Actor id (>= 0) or a thread that locked without naming an actor (< 0). */
  actor: number;
  /** The mutex this actor waits for (held by the next step's actor). */
  waitsFor: string;
  /** Mutexes of the cycle this actor holds (the previous step waits for one of them). */
  holds: string[];
}

export interface WaitEdge {
  from: number;
  to: number;
  mutex: string;
}

export function waitEdges(mutexes: readonly MutexSample[]): WaitEdge[] {
  const edges: WaitEdge[] = [];
  for (const m of mutexes) {
    if (!m.locked || m.owner === undefined) continue;
    for (const w of m.waiters) if (w !== m.owner) edges.push({ from: w, to: m.owner, mutex: m.name });
  }
  return edges;
}

/** The first wait-for cycle found (each actor waits for one lock at a time), starting at its lowest actor id. */
export function findCycle(mutexes: readonly MutexSample[]): CycleStep[] | undefined {
  const edges = waitEdges(mutexes);
  const out = new Map<number, WaitEdge>();
  for (const e of edges) if (!out.has(e.from)) out.set(e.from, e);
  const done = new Set<number>();
  for (const start of [...out.keys()].sort((a, b) => a - b)) {
    if (done.has(start)) continue;
    const path: number[] = [];
    const onPath = new Map<number, number>();
    let at: number | undefined = start;
    while (at !== undefined && !done.has(at) && !onPath.has(at)) {
      onPath.set(at, path.length);
      path.push(at);
      at = out.get(at)?.to;
    }
    if (at !== undefined && onPath.has(at)) {
      const cycle = path.slice(onPath.get(at));
      const first = cycle.indexOf(Math.min(...cycle));
      const ordered = [...cycle.slice(first), ...cycle.slice(0, first)];
      return ordered.map((actor, i) => {
        const prev = ordered[(i - 1 + ordered.length) % ordered.length]!;
        return { actor, waitsFor: out.get(actor)!.mutex, holds: [out.get(prev)!.mutex] };
      });
    }
    for (const p of path) done.add(p);
  }
  return undefined;
}

/** Identity of a cycle, to confirm it stays the same over time. */
export const cycleKey = (c: readonly CycleStep[]): string => c.map((s) => `${s.actor}>${s.waitsFor}`).join(',');
