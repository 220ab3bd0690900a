// After overlapping transitions the round's quiescent checks are not run as checks
// (the ledger's finding ends the round), but their verdict is the best evidence of
// whether the overlap lost a write: a lock-free body overlaps by design and leaves a
// state that verify/invariant accept; a real lost update usually fails them.
import type { LedgerIssue } from '../check/ledger.js';
import { judge } from '../check/invariant.js';
import type { RoundInfo, Scenario } from '../scenario/types.js';
import type { ChecksAfter, Namer } from './findings.js';

/** The checks' verdict on an overlap of transitions; undefined when there is nothing to ask. */
export async function checksAfterOverlap(
  issue: LedgerIssue, scenario: Scenario, view: unknown, info: () => RoundInfo, n: Namer,
): Promise<ChecksAfter | undefined> {
  if (issue.check !== 'lost-update' || !issue.first) return undefined;
  const hasInvariant = typeof scenario.invariant === 'function';
  const hasVerify = typeof scenario.verify === 'function';
  if (!hasInvariant && !hasVerify) return undefined;
  const failed = (hasInvariant ? await judge('invariant', () => scenario.invariant!(view as never), n) : undefined)
    ?? (hasVerify ? await judge('verify', () => scenario.verify!(view as never, info()), n) : undefined);
  if (failed) return { held: false, reason: failed.message };
  return { held: true, names: [hasInvariant && 'invariant', hasVerify && 'verify'].filter(Boolean).join(' and ') };
}
