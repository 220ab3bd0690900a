// The public scenario contract (DESIGN.md, "Scenario API"). Types only.

export type ActorKind = 'worker' | 'task';

export interface ActorInfo {
  /** Global actor id within a round: workers first (0..W-1), then tasks. */
  readonly id: number;
  readonly kind: ActorKind;
  /** e.g. `worker#3`, `task#5` (numbered within their kind). */
  readonly name: string;
}

export interface SectionOptions {
  /** How many actors may be inside at once (default 1). */
  limit?: number;
}

export interface Ctx {
  /** A seeded delay; the label shows up in reports. */
  yield(label?: string): Promise<void>;
  /** Seeded uniform float in [0, 1). */
  random(): number;
  /** Seeded integer in [lo, hi], both ends included. */
  int(lo: number, hi: number): number;
  pick<T>(xs: readonly T[]): T;
  /** Returns a new shuffled array. */
  shuffle<T>(xs: readonly T[]): T[];
  readonly actor: ActorInfo;
  readonly round: number;
  /** The round's seed. */
  readonly seed: number;
  /** "Where am I": shown for stuck actors in deadlock/starvation reports. */
  label(text: string): void;
  /** Declares `fn` a state transition that must run exclusively (the ledger). */
  transition<T>(op: string, fn: () => T | Promise<T>): Promise<T>;
  /** Occupancy monitor: at most `limit` actors inside at once. */
  section<T>(name: string, fn: () => T | Promise<T>, options?: SectionOptions): Promise<T>;
  /**
   * Records a corruption finding (and ends this op) when `cond` is false.
   * Returns void rather than `asserts cond`: an assertion signature would
   * require an explicit type annotation on every `ctx` parameter (TS2775).
   */
  assert(cond: unknown, message: string): void;
}

export type Op<V> = (view: V, ctx: Ctx) => unknown;

/** Weights (`{ op: 3 }`) or a list of op names (weight 1 each). */
export type OpSelection<Ops extends string> = readonly Ops[] | Partial<Record<Ops, number>>;

export interface SideConfig<Ops extends string> {
  // NoInfer: op names are inferred from `ops` alone, and checked here.
  ops?: OpSelection<NoInfer<Ops>>;
  /** Number of actors on this side (overrides the CLI). */
  count?: number;
  /** Ops per actor per round (overrides the CLI). */
  opsPerRound?: number;
}

export interface RoundInfo {
  readonly index: number;
  readonly seed: number;
  /** Completed ops of that name (all actors, both sides). */
  count(op: string): number;
  /** Non-undefined return values of completed ops (capped per round). */
  results(op: string): unknown[];
}

/** `true` (or undefined) = holds; `false` or a string (the reason) = violated. */
export type CheckResult = boolean | string | void | undefined;

export interface Scenario<S = any, V = S, Ops extends string = string> {
  name: string;
  description?: string;
  /** Main thread, once per round. Must be structured-cloneable. */
  setup: () => S | Promise<S>;
  /** Once per thread per round: build the object the ops use. */
  attach?: (shared: S) => V;
  ops: Record<Ops, Op<V>>;
  workers?: SideConfig<Ops> | false;
  tasks?: SideConfig<Ops> | false;
  /** Quiescent check after every round. */
  invariant?: (view: V) => CheckResult | Promise<CheckResult>;
  verify?: (view: V, round: RoundInfo) => CheckResult | Promise<CheckResult>;
  /** What the ledger hashes; default: every SharedArrayBuffer-backed typed array in the shared state. */
  checksum?: (view: V) => number;
  /** Keep the shared state across rounds (setup runs once). */
  persistent?: boolean;
}

export function defineScenario<S, V = S, Ops extends string = string>(s: Scenario<S, V, Ops>): Scenario<S, V, Ops> {
  return s;
}
