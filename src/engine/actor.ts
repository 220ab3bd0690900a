// One actor's round: the ctx it hands to ops and the loop that runs them. The
// same code runs in piscina workers and as async tasks on the main loop; only
// the yield strategy and what happens when the transition ring is full differ.
import { inspect } from 'node:util';
import { describeThrown } from '../thrown.js';
import { isThenable } from '../thenable.js';
import type { Ctx, Op, SectionOptions } from '../scenario/types.js';
import type { ActorOutcome, ActorSpec, RawFinding } from './protocol.js';
import { A, CTRL, F, Telemetry, ActorState, epochNow as now, hashString, type RingEntry } from '../shm/telemetry.js';
import type { Prng } from '../sched/prng.js';
import { shuffled, weightedIndex } from '../sched/choice.js';
import type { YieldFn } from '../sched/yield.js';
import type { ActorSched } from '../sched/loop-control.js';
import { SLOW_MARGIN } from './budget.js';


export interface ActorEnv {
  telemetry: Telemetry;
  spec: ActorSpec;
  ops: Op<unknown>[];
  view: unknown;
  checksum: () => number;
  prng: Prng;
  yieldFn: YieldFn;
  round: number;
  roundSeed: number;
  /** Ops this actor runs this round (the round's size, or its side's fixed count). */
  opsPerRound: number;
  /** Epoch ms from which no op starts (the budget's cut: engine/budget.ts). */
  deadline: number;
  /**
   * Epoch ms by which an op must have ended: the budget plus its grace, past which one
   * still running is an overrun. An op this actor's slowest op so far says would end
   * later (with a margin: budget.ts SLOW_MARGIN) is not started, a cut as at `deadline`: correct
   * 1.5 to 1.9 s ops started before the cut (half a grace past the budget) were reported
   * as stuck past the budget.
   */
  endBy?: number;
  collectResults: boolean;
  /** Called when this actor's ring is full (main thread drains inline; workers wait). */
  onRingFull: () => void;
  /**
   * Main-thread actors hand each transition to the ledger at once instead of
   * through the ring: entries then arrive in completion order, which is
   * deterministic for loop tasks, so a loop-only finding replays exactly.
   */
  record?: (e: RingEntry) => void;
  /** Loop tasks: remember where the task stands (the text of a ctx.label call) for deadlock reports. */
  site?: (label: string) => void;
  /** A controlled round: the scheduler's gate before each op, and the trace. */
  sched?: ActorSched;
  /**
   * The stack of each transition's first call on this thread, by transition name, kept
   * by the caller for one scenario's whole run (a stack per round would cost more than a
   * loop-only round's ops). One map per scenario: two scenarios of a file may both name
   * a transition "transfer", at different lines.
   */
  transitionSites: Map<string, string>;
}

const RESULT_CAP = 2000;

/**
 * The clock is read once per stride of ops, not after every op: a read costs 85 ns on
 * this machine's VM clock (kvm-clock), as much as the rest of an op's bookkeeping. The
 * stride doubles while a stride takes under STRIDE_FAST_MS and drops to 1 as soon as
 * one takes longer, so a slow op is timed alone and the stamps (LAST_DONE, OP_STARTED)
 * lag the truth by at most a stride of fast ops. A stride that turns slow (fast ops,
 * then a run of slow ones) can leave LAST_DONE stale for longer: whoever judges progress
 * also counts OPS, which is written every op (watch/sample.ts liftLastDone).
 */
const STRIDE_FAST_MS = 0.25;
const MAX_STRIDE = 16;

/** Thrown by ctx.assert so the op stops; the finding is already recorded. */
export class AssertionFinding extends Error {
  override name = 'AssertionFinding';
}

const STATE_OPTIONS = { depth: 0, customInspect: false, maxArrayLength: 0, maxStringLength: 0, breakLength: Infinity } as const;

/**
 * A native promise's state, read synchronously. JavaScript has no API for it;
 * util.inspect reads V8's promise details (~3 µs). Used only for transitions
 * of loop tasks that return a promise.
 */
function promiseState(p: Promise<unknown>): 'pending' | 'fulfilled' | 'rejected' {
  const text = inspect(p, STATE_OPTIONS);
  return /^[^{]*\{\s*<pending>/.test(text) ? 'pending' : /^[^{]*\{\s*<rejected>/.test(text) ? 'rejected' : 'fulfilled';
}

/** Transition names' hashes, for the thread's lifetime (a pure function of the name). */
const opHashes = new Map<string, number>();
/** Each spec's frozen `ctx.actor` (specs are the plan's, the same objects every round). */
const actorViews = new WeakMap<ActorSpec, Ctx['actor']>();

const noNames: ReadonlyMap<number, [string, string | undefined]> = new Map();

export class ActorCtx implements Ctx {
  readonly actor: Ctx['actor'];
  readonly round: number;
  readonly seed: number;
  readonly findings: RawFinding[] = [];
  currentOp = -1;
  private readonly t: Telemetry;
  private readonly id: number;
  // ctx.yield, ctx.int and ctx.random run in nearly every op: their words and functions are fields.
  private readonly prng: Prng;
  private readonly yieldFn: YieldFn;
  private readonly yieldsWord: number;
  // Made on first use: a round makes a ctx per actor, and most ops use neither.
  private ownNames: Map<number, [string, string | undefined]> | undefined;
  private sections: Map<string, number> | undefined;
  /** The label last written to this actor's telemetry by this ctx. */
  private shownLabel: string | undefined;
  /** The last transition's name and hash (most ops make one kind of transition). */
  private lastOp: string | undefined;
  private lastHash = 0;

  constructor(private readonly env: ActorEnv) {
    this.t = env.telemetry;
    this.id = env.spec.id;
    this.prng = env.prng;
    this.yieldFn = env.yieldFn;
    this.yieldsWord = env.telemetry.counter(env.spec.id, A.YIELDS);
    let view = actorViews.get(env.spec);
    if (!view) {
      view = Object.freeze({ id: env.spec.id, kind: env.spec.kind, name: env.spec.name });
      actorViews.set(env.spec, view);
    }
    this.actor = view;
    this.round = env.round;
    this.seed = env.roundSeed;
  }

  /** Transition names by hash this round, with the stack of their first call (for the report's location). */
  get names(): ReadonlyMap<number, [string, string | undefined]> {
    return this.ownNames ?? noNames;
  }

  yield(label?: string): Promise<void> {
    // No site here: a yield always resumes, so it is never where a task is stuck, and
    // a stack per yield would cost the hot path (ctx.label is the explicit marker).
    // The same label again (a yield in a loop) is in telemetry already: not copied again.
    if (label !== undefined && label !== this.shownLabel) {
      this.t.setLabel(this.id, label);
      this.shownLabel = label;
    }
    this.t.i32[this.yieldsWord]++; // one writer: this actor
    return this.yieldFn(label);
  }

  random(): number {
    return this.prng.next();
  }
  int(lo: number, hi: number): number {
    return this.prng.int(lo, hi);
  }
  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new RangeError('ctx.pick() of an empty array');
    return xs[this.prng.int(0, xs.length - 1)]!;
  }
  shuffle<T>(xs: readonly T[]): T[] {
    return shuffled(this.prng, xs);
  }
  label(text: string): void {
    const t = typeof text === 'string' ? text : String(text);
    // Ops often label every call (before and after a lock): the same text as the last
    // one this ctx wrote is in telemetry already.
    if (t !== this.shownLabel) {
      this.t.setLabel(this.id, t);
      this.shownLabel = t;
    }
    this.env.site?.(t);
  }

  /** The hash of transition `op`, its name and first call site noted for this round's report. */
  private hashOf(op: string): number {
    let h = opHashes.get(op);
    if (h === undefined) {
      h = hashString(op) | 0;
      opHashes.set(op, h);
    }
    const names = (this.ownNames ??= new Map());
    if (!names.has(h)) {
      // It lets a ledger finding point at the ctx.transition call site.
      const sites = this.env.transitionSites;
      let site = sites.get(op);
      if (site === undefined) {
        site = new Error().stack ?? '';
        sites.set(op, site);
      }
      names.set(h, [op, site]);
    }
    this.lastOp = op;
    this.lastHash = h;
    return h;
  }

  transition<T>(op: string, fn: () => T | Promise<T>): Promise<T> {
    const t = this.t;
    const h = op === this.lastOp ? this.lastHash : this.hashOf(op);
    t.set(this.id, A.IN_TRANSITION, 1);
    // Plain (non-atomic) load and store on purpose: the ledger must race exactly
    // as badly as the code it watches, so overlapping transitions both read the
    // same version and the overlap shows up as a version entered twice.
    const from = t.i32[CTRL.VERSION]!;
    const before = this.env.checksum();
    this.env.sched?.enter(this.id, op, from);
    const finish = (v: T): T => {
      const after = this.env.checksum();
      const seen = t.i32[CTRL.VERSION]!;
      t.i32[CTRL.VERSION] = from + 1;
      this.env.sched?.exit(this.id, op, from, from + 1);
      t.set(this.id, A.IN_TRANSITION, 0);
      const record = this.env.record;
      if (record) record({ op: h, from, to: from + 1, checksumBefore: before >>> 0, checksumAfter: after >>> 0, versionAtExit: seen });
      else while (!t.tryPush(this.id, h, from, from + 1, before | 0, after | 0, seen)) this.env.onRingFull();
      t.add(this.id, A.TRANSITIONS);
      return v;
    };
    let r: T | Promise<T>;
    try {
      r = fn();
    } catch (e) {
      t.set(this.id, A.IN_TRANSITION, 0);
      return Promise.reject(e);
    }
    if (isThenable(r)) {
      // An async fn with no await has finished its body when it returns, but a
      // .then() reaction runs only after the continuations already queued: on
      // the loop, another task could enter this version in that gap and the
      // ledger would report an overlap that never happened. So on the main
      // thread, a promise that is already settled ends the transition now.
      if (this.actor.kind === 'task' && r instanceof Promise) {
        const state = promiseState(r);
        if (state === 'fulfilled') {
          finish(undefined as T);
          return r;
        }
        if (state === 'rejected') {
          t.set(this.id, A.IN_TRANSITION, 0);
          return r;
        }
      }
      return Promise.resolve(r).then(finish, (e) => {
        t.set(this.id, A.IN_TRANSITION, 0);
        throw e;
      });
    }
    return Promise.resolve(finish(r));
  }

  async section<T>(name: string, fn: () => T | Promise<T>, options?: SectionOptions): Promise<T> {
    const limit = options?.limit ?? 1;
    const sections = (this.sections ??= new Map());
    let base = sections.get(name);
    if (base === undefined) {
      base = this.t.sectionSlot(name, limit);
      sections.set(name, base);
    }
    const inside = this.t.enterSection(base, this.id);
    this.env.sched?.section(this.id, name, true);
    if (inside > limit) {
      const others = this.t.occupants(base).filter((a) => a !== this.id);
      this.report({
        kind: 'corruption',
        check: 'occupancy',
        message: `section "${name}" allows ${limit} inside at once, ${inside} were`,
        stack: new Error(`section "${name}" over its limit`).stack,
        others: others.map((a) => ({ actor: a, op: this.t.get(a, A.OP) - 1 })),
      });
    }
    try {
      return await fn();
    } finally {
      this.t.exitSection(base, this.id);
      this.env.sched?.section(this.id, name, false);
    }
  }

  assert(cond: unknown, message: string): void {
    if (cond) return;
    const err = new AssertionFinding(message);
    this.report({ kind: 'corruption', check: 'assertion', message: `assertion failed: ${message}`, stack: err.stack });
    throw err;
  }

  report(f: Omit<RawFinding, 'actor' | 'op'>): void {
    this.findings.push({ ...f, actor: this.id, op: this.currentOp });
    this.env.sched?.fail(this.id, f.message);
    this.t.stop();
  }
}

/** Runs one actor's ops for a round. Never throws: failures become findings. */
export async function runActor(env: ActorEnv): Promise<ActorOutcome> {
  const { spec, telemetry: t, prng, ops } = env;
  const ctx = new ActorCtx(env);
  const opCounts = new Array<number>(ops.length).fill(0);
  const results = env.collectResults ? ops.map(() => [] as unknown[]) : undefined;
  let done = 0;
  let maxOpMs = 0;
  t.set(spec.id, A.STATE, ActorState.RUNNING);
  // An op starts when the previous one ended; the clock is read once per stride (above).
  let started = now();
  let stride = 1;
  let sinceRead = 0;
  t.setF(spec.id, F.LAST_DONE, started);
  const endBy = env.endBy ?? Infinity;
  // The slowest op so far times the margin: an op's time varies. `started` and
  // `maxOpMs` change only when the clock is read, so the cut is decided then, not per op.
  const deadline = env.deadline;
  const cutAt = (): boolean => started >= deadline || started + SLOW_MARGIN * maxOpMs > endBy;
  let cut = cutAt();
  // The hot loop's telemetry words, by index: an op of a loop task can take 50 ns, and
  // a call per word was a fifth of it. The words have one writer (this actor), so plain
  // stores do; readers on other threads (the watchdog) load them atomically. The stop
  // word is read plainly too (an Atomics.load cost 7 ns an op here): every op is a call
  // and most an await, so the load is made afresh each op and sees a stop within one.
  const i32 = t.i32;
  const f64 = t.f64;
  const opWord = t.counter(spec.id, A.OP);
  const opsWord = t.counter(spec.id, A.OPS);
  const startedWord = t.fIndex(spec.id, F.OP_STARTED);
  const lastDoneWord = t.fIndex(spec.id, F.LAST_DONE);
  const stopWord = CTRL.STOP;
  const cumulative = spec.cumulative;
  const specOps = spec.ops;
  const n = env.opsPerRound;
  for (let i = 0; i < n && i32[stopWord] === 0 && !cut; i++) {
    const opIndex = specOps[weightedIndex(prng, cumulative)]!;
    if (env.sched) {
      // A scheduling point before every op: no op's first step runs before the scheduler decides.
      await env.sched.beforeOp(spec.id);
      if (t.stopped) break;
      env.sched.op(spec.id, opIndex);
      started = now();
      stride = 1; // the wait was the scheduler's: time each op alone
      sinceRead = 0;
      cut = cutAt(); // for the next op: this one was issued before the wait
    }
    ctx.currentOp = opIndex;
    i32[opWord] = opIndex + 1;
    f64[startedWord] = started;
    try {
      // Called through a local so the stack frame reads `at <op>`, not `Array.<op>`.
      const op = ops[opIndex]!;
      let value = op(env.view, ctx);
      if (isThenable(value)) value = await value;
      if (results && value !== undefined && results[opIndex]!.length < RESULT_CAP) results[opIndex]!.push(value);
    } catch (e) {
      if (!(e instanceof AssertionFinding)) ctx.report(exceptionFinding(e));
      break;
    }
    opCounts[opIndex]!++;
    done++;
    i32[opsWord]++;
    if (++sinceRead >= stride) {
      const ended = now();
      // The stride's time: exact for a stride of one op, an upper bound of each op's otherwise.
      const took = ended - started;
      if (took > maxOpMs) maxOpMs = took;
      f64[lastDoneWord] = ended;
      stride = took < STRIDE_FAST_MS ? Math.min(stride * 2, MAX_STRIDE) : 1;
      sinceRead = 0;
      started = ended;
      cut = cutAt();
    }
  }
  if (sinceRead > 0) {
    // The last stride, cut short by the round's end: its time still counts (its last op may be the slow one).
    const ended = now();
    if (ended - started > maxOpMs) maxOpMs = ended - started;
    t.setF(spec.id, F.LAST_DONE, ended);
    started = ended;
  }
  // Stopped by the budget's cut, not by its plan: what still runs may wait for the ops it skipped.
  if (done < env.opsPerRound && !t.stopped && ctx.findings.length === 0 && cutAt()) t.set(spec.id, A.CUT, 1);
  t.set(spec.id, A.STATE, ctx.findings.length ? ActorState.FAILED : ActorState.DONE);
  env.sched?.finish(spec.id);
  return {
    id: spec.id,
    ops: done,
    opCounts,
    transitions: t.get(spec.id, A.TRANSITIONS),
    yields: t.get(spec.id, A.YIELDS),
    maxOpMs,
    findings: ctx.findings,
    results,
    names: ctx.names.size === 0 ? [] : [...ctx.names].map(([h, [n, site]]) => [h, n, site]),
  };
}

/** An outcome for an actor that ran no op loop (crashed, attach failed, round abandoned). */
export function emptyOutcome(id: number, nOps: number, findings: RawFinding[] = []): ActorOutcome {
  return { id, ops: 0, opCounts: new Array<number>(nOps).fill(0), transitions: 0, yields: 0, maxOpMs: 0, findings, names: [] };
}

/** Any thrown value (a symbol, a null-prototype object, one whose toString throws) reads as a finding. */
export function exceptionFinding(e: unknown): Omit<RawFinding, 'actor' | 'op'> {
  const t = describeThrown(e);
  // A non-Error has no stack of its own: where it was caught is the best there is.
  const stack = t.stack ?? new Error(t.text).stack;
  return { kind: 'error', check: 'exception', message: t.text, ...(stack ? { stack } : {}) };
}
