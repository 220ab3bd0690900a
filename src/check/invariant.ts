// Quiescent checks: invariant(view) and verify(view, round). `true`/undefined
// holds; `false` or a string (the reason) is a corruption finding; a throw is
// one too, with its stack.
import type { Finding } from '../result.js';
import type { CheckResult } from '../scenario/types.js';
import { locate } from '../stack/locate.js';

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

export async function judge(
  check: 'invariant' | 'verify',
  fn: () => CheckResult | Promise<CheckResult>,
  n: CheckContext,
): Promise<Finding | undefined> {
  let reason: string | undefined;
  let stack: string | undefined;
  try {
    reason = verdict(await fn());
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    reason = `threw ${err.name}: ${err.message}`;
    stack = err.stack;
  }
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
