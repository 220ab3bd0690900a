// Turn a watchdog decision, the sample it was made on and the evidence gathered for it
// (stacks, lock-wait statistics, event-loop delay) into a report finding. Pure.
import { plural } from '../plural.js';
import path from 'node:path';
import type { ActorRef, Finding } from '../result.js';
import { formatDuration } from '../duration.js';
import { locate } from '../stack/locate.js';
import { Phase, phaseName } from '../shm/control.js';
import type { Decision } from './detector.js';
import type { ActorSample, MutexSample, Sample } from './sample.js';
import type { WaitStats } from './grade/lock-stats.js';

export interface StackEvidence {
  stack?: string;
  /** Why there is no stack (e.g. a worker blocked in native code). */
  note?: string;
}

export interface Evidence {
  main?: StackEvidence;
  /** By actor id. */
  actors: Map<number, StackEvidence>;
  lockWaits: Map<number, WaitStats>;
  eventLoop?: { maxMs: number; p99Ms: number };
}

export interface FindingContext {
  file: string;
  opNames: readonly string[];
  round: number;
  roundSeed: number;
  deadlockTimeoutMs: number;
  starvationThresholdMs: number;
  /** How long an op may run past the budget (engine/budget.ts). */
  graceMs?: number;
}

/** Owner ids below 0 are threads that locked without naming an actor. */
export function ownerName(s: Sample, id: number): string {
  if (id >= 0) return s.actors[id]?.name ?? `actor#${id}`;
  return id === -1 ? 'the main thread (a lock call without ctx)' : `thread ${-id - 1}`;
}

function mutexState(s: Sample, a: ActorSample): string | undefined {
  const holds = s.mutexes.filter((m) => m.locked && m.owner === a.id).map((m) => `"${m.name}"`);
  const waits = s.mutexes.filter((m) => m.waiters.includes(a.id));
  const parts: string[] = [];
  if (holds.length) parts.push(`holds ${holds.join(', ')}`);
  for (const m of waits) parts.push(`waits for "${m.name}"${m.owner !== undefined ? ` (held by ${ownerName(s, m.owner)})` : ''}`);
  return parts.length ? parts.join(', ') : undefined;
}

function actorRef(s: Sample, id: number, ctx: FindingContext, ev: Evidence): ActorRef {
  const a = s.actors[id]!;
  const ref: ActorRef = { name: a.name, kind: a.kind };
  if (a.op >= 0 && ctx.opNames[a.op] !== undefined) ref.op = ctx.opNames[a.op]!;
  if (a.label !== undefined) ref.label = a.label;
  const since = a.opStartedAt > a.lastDoneAt ? a.opStartedAt : a.lastDoneAt;
  if (since > 0) ref.stuckMs = Math.round(s.at - since);
  const e = ev.actors.get(id);
  if (e?.stack) ref.stack = e.stack;
  const state = [mutexState(s, a), e?.stack ? undefined : e?.note].filter(Boolean).join('; ');
  if (state) ref.state = state;
  return ref;
}

/** `withStack: false` when the finding's own stack is the main thread's (shown once). */
function mainRef(s: Sample, ev: Evidence, withStack = true): ActorRef {
  const ref: ActorRef = { name: 'main', kind: 'main', stuckMs: Math.round(s.at - s.heartbeat), state: 'main thread blocked' };
  if (ev.main?.stack && withStack) ref.stack = ev.main.stack;
  else if (ev.main?.note) ref.state = ev.main.note;
  return ref;
}

function mutexLines(s: Sample, mutexes: readonly MutexSample[]): string[] {
  return mutexes
    .filter((m) => m.locked || m.waiters.length > 0)
    .map((m) => {
      const owner = m.owner !== undefined ? `held by ${ownerName(s, m.owner)}` : m.locked ? 'held' : 'free';
      const waiting = m.waiters.length ? `; waiting: ${m.waiters.map((w) => ownerName(s, w)).join(', ')}` : '';
      return `lock "${m.name}": ${owner}${waiting}`;
    });
}

function lockWaitLines(s: Sample, ev: Evidence, ids?: readonly number[]): string[] {
  const rows = [...ev.lockWaits].filter(([id, w]) => w.count > 0 && (!ids || ids.includes(id)));
  if (rows.length === 0) return [];
  return [
    'lock waits this round (count, p50, p99, max):',
    ...rows.map(([id, w]) => `  ${s.actors[id]?.name ?? `actor#${id}`}: ${w.count}, ${formatDuration(w.p50Ms)}, ${formatDuration(w.p99Ms)}, ${formatDuration(w.maxMs)}`),
  ];
}

const names = (s: Sample, ids: readonly number[]) => ids.map((id) => s.actors[id]?.name ?? `actor#${id}`).join(', ');

export function buildFinding(d: Decision, s: Sample, ev: Evidence, ctx: FindingContext): Finding {
  const base = { round: ctx.round, roundSeed: ctx.roundSeed };
  const refs = (ids: readonly number[]) => ids.map((id) => actorRef(s, id, ctx, ev));
  // The main thread joins the actors only with its stack as evidence: a late heartbeat
  // alone is also what a descheduled process on a loaded machine shows (no JS ran).
  const withMain = (actors: ActorRef[]) => (ev.main?.stack ? [mainRef(s, ev), ...actors] : actors);
  let f: Finding;
  switch (d.type) {
    case 'main-stuck': {
      const where = d.phase === Phase.ROUND ? '' : ` in ${phaseName(d.phase)}`;
      const tail = d.phase === Phase.ROUND
        ? `; ${plural(d.actors.length, 'actor')} cannot finish the round`
        : d.phase === Phase.LOAD || d.phase === Phase.ENGINE ? '' : `: ${phaseName(d.phase)} must return within the deadlock timeout (${formatDuration(ctx.deadlockTimeoutMs)})`;
      f = {
        ...base, kind: 'deadlock', check: d.phase === Phase.ROUND ? 'deadlock' : 'timeout',
        message: `the main thread has been blocked for ${formatDuration(d.blockedMs)}${where} (a busy loop, a synchronous wait or a native call on the main thread)${tail}`,
        actors: [mainRef(s, ev, false), ...refs(d.actors)],
        details: mutexLines(s, s.mutexes),
      };
      if (ev.main?.stack) f.stack = ev.main.stack;
      break;
    }
    case 'phase-stuck':
      f = {
        ...base, kind: 'deadlock', check: 'timeout',
        message: d.idle
          ? `${phaseName(d.phase)} has not returned after ${formatDuration(d.forMs)}, and nothing is left that could wake it: no timers, I/O, threads or other wake-up sources of the scenario's (an await that never resolves)`
          : `${phaseName(d.phase)} has not returned after ${formatDuration(d.forMs)} and the budget and its grace are over (the main thread is not blocked: an await that never resolves, or one far slower than the budget)`,
        actors: [],
      };
      break;
    case 'loop-blocked': {
      f = {
        ...base, kind: 'starvation', check: 'loop-blocked',
        message: `the main event loop has been blocked for ${formatDuration(d.blockedMs)} (threshold ${formatDuration(ctx.starvationThresholdMs)}): code on the main thread waits or computes synchronously, so no loop task, timer or I/O callback can run`,
        actors: [mainRef(s, ev, false)],
        details: [
          ...(ev.eventLoop ? [`event-loop delay before this block: max ${formatDuration(ev.eventLoop.maxMs)}, p99 ${formatDuration(ev.eventLoop.p99Ms)}`] : []),
          ...mutexLines(s, s.mutexes),
        ],
      };
      if (ev.main?.stack) f.stack = ev.main.stack;
      break;
    }
    case 'wait-cycle': {
      const steps = d.cycle.map((c) => `${ownerName(s, c.actor)} holds ${c.holds.map((m) => `"${m}"`).join(', ')}, waits for "${c.waitsFor}"`);
      f = {
        ...base, kind: 'deadlock', check: 'wait-cycle',
        message: `wait-for cycle: ${steps.join('; ')}`,
        actors: refs(d.cycle.map((c) => c.actor).filter((id) => id >= 0)),
        details: mutexLines(s, s.mutexes),
      };
      break;
    }
    case 'loop-idle':
      f = {
        ...base, kind: 'deadlock', check: 'deadlock',
        message: `${plural(d.actors.length, 'loop task')} ${d.actors.length === 1 ? 'is' : 'are'} waiting and nothing can wake them: no timers, immediates, I/O, worker actors or lock holders are left (an async deadlock on the event loop)`,
        actors: refs(d.actors),
        details: mutexLines(s, s.mutexes),
      };
      break;
    case 'asleep': {
      const sleepers = d.actors.filter((id) => s.actors[id]?.kind === 'worker');
      const pending = d.actors.length - sleepers.length;
      f = {
        ...base, kind: 'deadlock', check: 'deadlock',
        message: `${names(s, sleepers)} ${sleepers.length === 1 ? 'sleeps' : 'sleep'} in Atomics.wait with no timeout and nothing is left that could notify ${sleepers.length === 1 ? 'it' : 'them'}: every other worker actor is asleep too or done, and no timer, I/O or thread of the scenario's is left${pending > 0 ? `; ${plural(pending, 'loop task')} pending` : ''} (a lost wake-up, or a wait nobody ends)`,
        actors: refs(d.actors),
        details: mutexLines(s, s.mutexes),
      };
      break;
    }
    case 'livelock':
      f = {
        ...base, kind: 'starvation', check: 'livelock',
        message: `livelock: ${names(s, d.actors)} yielded or retried ${d.spins} times in ${formatDuration(d.windowMs)} without any actor completing an op`,
        actors: withMain(refs(d.actors)),
        details: mutexLines(s, s.mutexes),
      };
      break;
    case 'no-progress':
      f = {
        ...base, kind: 'deadlock', check: 'deadlock',
        message: `no actor completed an op for ${formatDuration(d.forMs)} (deadlock timeout ${formatDuration(ctx.deadlockTimeoutMs)}); ${plural(d.actors.length, 'actor')} stuck`,
        actors: withMain(refs(d.actors)),
        details: mutexLines(s, s.mutexes),
      };
      break;
    case 'unfair':
      f = {
        ...base, kind: 'starvation', check: 'unfair',
        message: `starvation: ${names(s, d.actors)} completed no op for ${formatDuration(d.windowMs)} while ${plural(d.others, 'other actor')} completed ${d.othersOps} ops between them`,
        actors: refs(d.actors),
        details: [...mutexLines(s, s.mutexes), ...lockWaitLines(s, ev)],
      };
      break;
    case 'overrun':
      f = {
        ...base, kind: 'error', check: 'overrun',
        message: `stuck past the budget: ${plural(d.actors.length, 'op')} still running ${formatDuration(d.pastMs)} after the budget ended (grace ${formatDuration(ctx.graceMs ?? ctx.deadlockTimeoutMs)}); each actor shows how long its op has run. No wait cycle and no all-stuck timeout: not reported as a deadlock${d.computing.length > 0 ? `; ${names(s, d.computing)} kept computing (a spin-wait, or a computation longer than the budget allows: a longer --duration tells them apart)` : ''}`,
        actors: withMain(refs(d.actors)),
        details: mutexLines(s, s.mutexes),
      };
      break;
    default: {
      const never: never = d;
      throw new Error(`unknown decision ${JSON.stringify(never)}`);
    }
  }
  if (f.details && f.details.length === 0) delete f.details;
  const stacks = [f.stack, ...f.actors.map((a) => a.stack)].filter((x): x is string => !!x);
  for (const st of stacks) {
    const loc = locate(st, ctx.file);
    if (loc && path.resolve(loc.file) === path.resolve(ctx.file)) {
      f.location = loc;
      break;
    }
  }
  return f;
}
