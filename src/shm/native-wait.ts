// Atomics.waitAsync as Node made it. watch/wake-sources.ts wraps the global one, so that
// a scenario's timed waits count as wake-up sources (a task awaiting one is wakeable);
// racecheck's own timed waits (the controlled scheduler's gate on the main thread,
// shm/gate.ts) must not count as the scenario's: they masked a task or worker stuck for
// good in a controlled round, whose no-progress and loop-only checks then held off.
type WaitAsync = (a: Int32Array, i: number, v: number, t?: number) => { async: boolean; value: unknown };
type Slot = { [KEY]?: WaitAsync };
const KEY = Symbol.for('racecheck.nativeWaitAsync');
const atomics = Atomics as unknown as { waitAsync: WaitAsync } & Slot;

/** Notes the original before it is wrapped (once per thread). */
export function keepNativeWaitAsync(): void {
  atomics[KEY] ??= atomics.waitAsync;
}

/** The unwrapped Atomics.waitAsync. */
export const nativeWaitAsync = (): WaitAsync => {
  const fn = atomics[KEY] ?? atomics.waitAsync;
  return (a, i, v, t) => fn.call(Atomics, a, i, v, t);
};
