// The scenario's waits on shared memory, seen by a controlled round on a worker
// thread (sched/worker-gate.ts). Installed once per thread before the scenario is
// imported, so code that keeps its own reference (`const { waitAsync } = Atomics`,
// a library's module-level copy) goes through it too; each controlled round sets
// the hooks for its actor and clears them at its end (a judged re-run under mix sets
// hooks that only mark sleeps: worker-gate.ts markSleeps).
//
// Atomics.wait blocks the thread: the actor is blocked for its duration. An
// Atomics.waitAsync that goes pending leaves the thread in its event loop: the actor
// is blocked until the wait settles, and the hook's acquired() runs before the code
// after the caller's `await` (a reaction registered first runs first), so that code
// is a step the scheduler chose.

/** What an actor waits in, as its trace says (a SharedMutex's lock() waits in Atomics.wait as 'lock'). */
export type WaitKind = 'Atomics.wait' | 'Atomics.waitAsync' | 'lock';

/** A controlled round's side of the scenario's waits (WorkerGate). */
export interface WaitHooks {
  /**
   * A wait begins; false when one is already under way (then its end is not reported).
   * `untimed`: a synchronous Atomics.wait with no timeout, which only another thread can end.
   */
  blocked(what: WaitKind, untimed?: boolean): boolean;
  /** The wait this hook's blocked() reported returned or settled. */
  acquired(): void;
}

type WaitAsync = (a: Int32Array | BigInt64Array, i: number, v: number | bigint, t?: number) => { async: boolean; value: unknown };
type Wait = (a: Int32Array | BigInt64Array, i: number, v: number | bigint, t?: number) => ReturnType<typeof Atomics.wait>;

let current: WaitHooks | undefined;
let installed = false;

/** The round's hooks (undefined: none, every wait is a plain one). */
export function setWaitHooks(hooks: WaitHooks | undefined): void {
  current = hooks;
}

/** Wraps Atomics.wait and Atomics.waitAsync on this thread (once). */
export function installWaitHooks(): void {
  if (installed) return;
  installed = true;
  const atomics = Atomics as unknown as { wait: Wait; waitAsync?: WaitAsync };
  const wait = atomics.wait;
  atomics.wait = function (a, i, v, t) {
    const h = current;
    // The timeout converts as a Number: undefined and NaN are +Infinity.
    const mine = h?.blocked('Atomics.wait', t === undefined || t === Infinity || Number.isNaN(t)) ?? false;
    try {
      return wait.call(Atomics, a, i, v, t);
    } finally {
      if (mine) h!.acquired();
    }
  };
  const waitAsync = atomics.waitAsync;
  if (!waitAsync) return;
  atomics.waitAsync = function (a, i, v, t) {
    const r = waitAsync.call(Atomics, a, i, v, t);
    const h = current;
    if (!r.async || !h || !h.blocked('Atomics.waitAsync')) return r;
    const value = (r.value as Promise<unknown>).then((x) => {
      // A wait that outlived its round settles as a plain one.
      if (current === h) h.acquired();
      return x;
    });
    return { async: true, value };
  };
}
