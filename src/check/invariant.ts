// Quiescent checks: invariant(view) and verify(view, round). `true`/undefined
// holds; `false` or a string (the reason) is a corruption finding; a throw is
// one too, with its stack.
import type { Finding } from '../result.js';
import type { CheckResult } from '../scenario/types.js';
import { locate } from '../stack/locate.js';
import { isThenable } from '../thenable.js';

/** Where the checks ran: the round, and the scenario file a throw's stack is located in. */
export interface CheckContext {
  round: number;
  roundSeed: number;
  scenarioFile: string;
}

export function verdict(result: CheckResult): string | undefined {
  if (result === true || result === undefined) return undefined;
  if (result === false) return 'returned false';
  if (typeof result === 'string') return result;
  return `returned ${JSON.stringify(result)} (expected true, false or a string)`;
}

/**
 * Runs one check. A check that returns at once (no promise) is judged at once: most
 * are, and a round of loop tasks can take 20 µs, so no await and no monitor for them
 * (round.ts phaseIdle); a promise is awaited.
 */
export function judge(
  check: 'invariant' | 'verify',
  fn: () => CheckResult | Promise<CheckResult>,
  n: CheckContext,
): Finding | undefined | Promise<Finding | undefined> {
  let r: CheckResult | Promise<CheckResult>;
  try {
    r = fn();
  } catch (e) {
    return threwFinding(check, e, n);
  }
  if (isThenable(r)) {
    return Promise.resolve(r).then((v) => failedFinding(check, verdict(v), n), (e: unknown) => threwFinding(check, e, n));
  }
  return failedFinding(check, verdict(r as CheckResult), n);
}

function threwFinding(check: 'invariant' | 'verify', e: unknown, n: CheckContext): Finding {
  const err = e instanceof Error ? e : new Error(String(e));
  return failedFinding(check, `threw ${err.name}: ${err.message}`, n, err.stack)!;
}

function failedFinding(check: 'invariant' | 'verify', reason: string | undefined, n: CheckContext, stack?: string): Finding | undefined {
  if (reason === undefined) return undefined;
  const f: Finding = {
    kind: 'corruption',
    check,
    message: `${check} failed after round ${n.round}: ${reason}`,
    actors: [],
    round: n.round,
    roundSeed: n.roundSeed,
  };
  if (stack) {
    f.stack = stack;
    const loc = locate(stack, n.scenarioFile);
    if (loc) f.location = loc;
  }
  return f;
}
