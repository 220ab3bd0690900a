// The raw baseline's actor: the same op loop as racecheck's runActor (same
// weighted op choice, same PRNG streams, same yield functions), but with a
// minimal ctx: transition and section just call fn, label does nothing, no
// telemetry, no ledger. What is left over in racecheck is its overhead.

function isThenable(x) {
  return x !== null && (typeof x === 'object' || typeof x === 'function') && typeof x.then === 'function';
}

export function makeCtx({ spec, round, roundSeed, prng, yieldFn }) {
  return {
    actor: Object.freeze({ id: spec.id, kind: spec.kind, name: spec.name }),
    round,
    seed: roundSeed,
    yield: () => yieldFn(),
    random: () => prng.next(),
    int: (lo, hi) => prng.int(lo, hi),
    pick: (xs) => xs[prng.int(0, xs.length - 1)],
    shuffle(xs) {
      const out = xs.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = prng.int(0, i);
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
    label() {},
    transition(_op, fn) {
      try {
        return Promise.resolve(fn());
      } catch (e) {
        return Promise.reject(e);
      }
    },
    async section(_name, fn) {
      return await fn();
    },
    assert(cond, message) {
      if (!cond) throw new Error(`assertion failed: ${message}`);
    },
  };
}

/** One actor's round; returns completed ops (stops at the first exception, like racecheck). */
export async function runOps({ spec, ops, view, ctx, prng }) {
  const total = spec.cumulative[spec.cumulative.length - 1] ?? 0;
  let done = 0;
  let error = null;
  for (let i = 0; i < spec.opsPerRound; i++) {
    const r = prng.next() * total;
    let k = 0;
    while (k < spec.cumulative.length - 1 && r >= spec.cumulative[k]) k++;
    try {
      const v = ops[spec.ops[k]](view, ctx);
      if (isThenable(v)) await v;
    } catch (e) {
      error = String(e?.message ?? e);
      break;
    }
    done++;
  }
  return { ops: done, error };
}
