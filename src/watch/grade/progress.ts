// Pure progress graders over telemetry samples: deadlock by timeout (nobody completes
// an op), livelock (nobody completes, but actors keep yielding or retrying) and
// fairness (one actor completes nothing while the others get on).
import { isStarted, isUnfinished, type ActorSample, type Sample } from '../sample.js';

/** What the graders need from earlier samples of the same round. */
export interface Past {
  at: number;
  ops: number[];
  spins: number[];
  /** Each SharedMutex's owner (-1: free), in the sample's order of s.mutexes. */
  owners: number[];
}

export const pastOf = (s: Sample): Past => ({
  at: s.at, ops: s.actors.map((a) => a.ops), spins: s.actors.map((a) => a.spins), owners: s.mutexes.map((m) => m.owner ?? -1),
});

/** Oldest remembered sample taken at or after `since` (the history is oldest first). */
export function pastAt(history: readonly Past[], since: number): Past | undefined {
  return history.find((p) => p.at >= since);
}

/**
 * Milliseconds since any started actor last completed an op, finished ones included;
 * 0 when no started actor is unfinished. An actor that finished its ops made progress
 * when it did: one op of the last actor left (a task that queued behind the others' slow
 * ops on a lock, then ran its own) has been running since the round began, yet the
 * others completed theirs while it waited. Measured from its own start alone, a
 * correct lock with three 900 ms ops read as a 2 s deadlock.
 */
export function noProgressMs(s: Sample): number {
  if (!s.actors.some((a) => isUnfinished(a) && isStarted(a) && a.lastDoneAt > 0)) return 0;
  const started = s.actors.filter((a) => isStarted(a) && a.lastDoneAt > 0);
  return s.at - Math.max(...started.map((a) => a.lastDoneAt));
}

/**
 * Whether the thread of any actor of the round saw, within the last `windowMs`,
 * something of the scenario's pending there that can still call back (F.LOOP_WAIT: a
 * timer, a socket, a request, work on libuv's pool). An op awaiting a 3 s timer
 * completes no op for 3 s and is slow, not deadlocked: the no-progress rule holds off
 * then, and an op that never ends is judged by the budget's grace (an overrun)
 * instead. Stamps are per thread, not per promise: what is pending may wake any actor,
 * on that thread or another. A finished actor's thread counts too: an op that armed a
 * flush timer and returned wakes, when it fires, a worker that waits for the flush in
 * Atomics.wait or waitAsync (one of a task on the main thread as well).
 */
export function waitingOnLoop(at: number, actors: readonly ActorSample[], windowMs: number): boolean {
  return actors.some((a) => a.loopWaitAt > 0 && at - a.loopWaitAt < windowMs);
}

/**
 * Whether the thread of an unfinished actor gained CPU time within the last `windowMs`
 * (F.BUSY, watch/compute.ts): it computes, so it may yet complete its op. Three 0.7 s
 * hashes on each of 8 workers sharing 2 cores complete no op for 2.8 s. Not for the
 * livelock rule: a spinner burns CPU by definition.
 */
export function computing(at: number, actors: readonly ActorSample[], windowMs: number): boolean {
  return actors.some((a) => isUnfinished(a) && a.busyAt > 0 && at - a.busyAt < windowMs);
}

/** Unfinished actors that have been inside one op (or waiting to start one) for at least `ms`. */
export function stuckFor(s: Sample, ms: number): ActorSample[] {
  return s.actors.filter((a) => isUnfinished(a) && isStarted(a) && a.lastDoneAt > 0 && s.at - a.lastDoneAt >= ms);
}

export interface Livelock {
  actors: number[];
  spins: number;
  windowMs: number;
}

/**
 * Nobody completed an op for `windowMs`, yet unfinished actors yielded or retried at
 * least `minSpins` times in that window: they are busy going nowhere.
 */
export function livelock(s: Sample, history: readonly Past[], windowMs: number, minSpins = 50): Livelock | undefined {
  if (noProgressMs(s) < windowMs) return undefined;
  const then = pastAt(history, s.at - windowMs);
  if (!then || s.at - then.at < windowMs * 0.9) return undefined;
  const spinning = s.actors.filter((a) => isUnfinished(a) && a.spins - (then.spins[a.id] ?? 0) > 0);
  const spins = spinning.reduce((n, a) => n + a.spins - (then.spins[a.id] ?? 0), 0);
  if (spins < minSpins) return undefined;
  return { actors: spinning.map((a) => a.id), spins, windowMs };
}

/** Times a lock must go to another holder while an actor waits in it before it counts as passed over. */
const PASSED_OVER = 2;

/** How many times mutex `k` went to a new holder in the samples since `since` (a free spell in between is no holder). */
function handOvers(history: readonly Past[], since: number, k: number, mutexes: number, ownerNow: number): number {
  let n = 0;
  let last = -1;
  const owners = history.filter((p) => p.at >= since && p.owners.length === mutexes).map((p) => p.owners[k]!);
  for (const o of [...owners, ownerNow]) {
    if (o === -1) continue;
    if (last !== -1 && o !== last) n++;
    last = o;
  }
  return n;
}

/**
 * Whether an actor that completed nothing in the window shows that it was passed over:
 * it waits in a SharedMutex that went to another holder at least twice in the window
 * (a waiter behind one or two slow holders is queueing: three tasks, one 1.2 s write
 * each, read as starved), or it yielded or retried in the window (it keeps trying and
 * losing), or its thread has nothing of the scenario's pending that could be its own
 * slow work (F.LOOP_WAIT: a timer, a socket, a request) and its thread did not compute
 * (F.BUSY). An op awaiting its own 1.5 s timer, or computing a 1.5 s hash, while the
 * others complete hundreds of fast ops is busy, not starved.
 */
function contended(a: ActorSample, s: Sample, history: readonly Past[], then: Past, windowMs: number): boolean {
  const waitsIn = s.mutexes.findIndex((m) => m.waiters.includes(a.id));
  if (waitsIn >= 0) return handOvers(history, then.at, waitsIn, s.mutexes.length, s.mutexes[waitsIn]!.owner ?? -1) >= PASSED_OVER;
  if (a.spins - (then.spins[a.id] ?? 0) > 0) return true;
  const recent = (stamp: number) => stamp > 0 && s.at - stamp < windowMs;
  return !recent(a.loopWaitAt) && !recent(a.busyAt);
}

export interface Unfair {
  /** Starved actors, longest starved first. */
  actors: number[];
  /** Ops the other actors completed while the starved ones completed none. */
  othersOps: number;
  others: number;
  windowMs: number;
}

/**
 * Actors that completed no op for `windowMs` while the others got on: the others that
 * progressed in the window completed at least `minOpsEach` ops each on average, and
 * some in the window's last quarter. An actor waiting out a few slow ops of others is
 * queueing, not starving; one passed over while the others complete dozens is.
 */
export function unfair(s: Sample, history: readonly Past[], windowMs: number, minOpsEach = 20): Unfair | undefined {
  const then = pastAt(history, s.at - windowMs);
  const recent = pastAt(history, s.at - windowMs / 4);
  if (!then || !recent || s.at - then.at < windowMs * 0.9) return undefined;
  const starved = stuckFor(s, windowMs).filter((a) => contended(a, s, history, then, windowMs));
  if (starved.length === 0) return undefined;
  const starvedIds = new Set(starved.map((a) => a.id));
  const others = s.actors.filter((a) => !starvedIds.has(a.id));
  const gained = (a: ActorSample, p: Past) => a.ops - (p.ops[a.id] ?? 0);
  const progressing = others.filter((a) => gained(a, then) > 0);
  const othersOps = progressing.reduce((n, a) => n + gained(a, then), 0);
  if (progressing.length === 0 || othersOps < minOpsEach * progressing.length) return undefined;
  if (!others.some((a) => gained(a, recent) > 0)) return undefined;
  starved.sort((a, b) => a.lastDoneAt - b.lastDoneAt);
  return { actors: starved.map((a) => a.id), othersOps, others: progressing.length, windowMs };
}
