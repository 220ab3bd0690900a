// Turn what actors and checkers saw (ids, hashes) into report findings (names).
import type { ActorRef, Finding, TransitionRecord } from '../result.js';
import { overlapEvidence, type LedgerEntry, type LedgerIssue } from '../check/ledger.js';
import type { RawFinding } from './protocol.js';
import type { Plan } from './plan.js';
import { locate } from '../stack/locate.js';

export interface Namer {
  plan: Plan;
  /** Transition name by hash. */
  names: Map<number, string>;
  /** Stack of a transition's first call, by hash. */
  sites?: Map<number, string>;
  round: number;
  roundSeed: number;
  scenarioFile: string;
}

const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');

export function actorRef(n: Namer, actor: number, op: number): ActorRef {
  const spec = n.plan.actors[actor];
  const ref: ActorRef = { name: spec?.name ?? `actor#${actor}`, kind: spec?.kind ?? 'task' };
  if (op >= 0) ref.op = n.plan.opNames[op];
  return ref;
}

export function fromRaw(n: Namer, raw: RawFinding): Finding {
  const f: Finding = {
    kind: raw.kind,
    check: raw.check,
    message: raw.message,
    actors: [actorRef(n, raw.actor, raw.op), ...(raw.others ?? []).map((o) => actorRef(n, o.actor, o.op))],
    round: n.round,
    roundSeed: n.roundSeed,
  };
  if (raw.stack) {
    f.stack = raw.stack;
    const loc = locate(raw.stack, n.scenarioFile);
    if (loc) f.location = loc;
  }
  if (raw.check === 'occupancy' && raw.others?.length) {
    f.message += `: ${f.actors.map((a) => `${a.name}${a.op ? ` (${a.op})` : ''}`).join(', ')}`;
  }
  return f;
}

function record(n: Namer, e: LedgerEntry): TransitionRecord {
  return {
    actor: n.plan.actors[e.actor]?.name ?? `actor#${e.actor}`,
    op: n.names.get(e.op) ?? `transition#${hex(e.op)}`,
    from: e.from,
    to: e.to,
    checksumBefore: e.checksumBefore,
    checksumAfter: e.checksumAfter,
  };
}

/** What the round's own quiescent checks said after overlapping transitions (undefined: the scenario has none). */
export type ChecksAfter = { held: true; names: string } | { held: false; reason: string };

/** Why a transition is the wrong tool for code that may overlap by design. */
export const LOCK_FREE_HINT =
  'ctx.transition declares a section that must run exclusively (under a lock, or synchronous on the loop). ' +
  'If this body is lock-free on purpose (Atomics), overlapping is allowed and a transition is the wrong tool: ' +
  'check its outcome with verify or invariant, and use ctx.section where exclusion matters.';

export function fromLedger(n: Namer, issue: LedgerIssue, checks?: ChecksAfter): Finding {
  const site = n.sites?.get((issue.check === 'lost-update' ? issue.second : issue.next).op);
  const location = site ? locate(site, n.scenarioFile) : undefined;
  const base = {
    kind: 'corruption' as const, check: issue.check, round: n.round, roundSeed: n.roundSeed, ...(location && { location }),
  };
  const who = (e: LedgerEntry) => {
    const r = record(n, e);
    return `${r.actor} "${r.op}"`;
  };
  const refs = (es: (LedgerEntry | undefined)[]): ActorRef[] =>
    es.filter((e): e is LedgerEntry => !!e).map((e) => ({ ...actorRef(n, e.actor, -1), op: record(n, e).op }));
  switch (issue.check) {
    case 'lost-update': {
      const first = issue.first ? who(issue.first) : 'an earlier transition';
      const { title, cause, hint } = overlapCause(issue.first, issue.second, checks);
      return {
        ...base,
        message: `${title}: version ${issue.version} was entered twice, by ${first} and ${who(issue.second)}; ${cause}`,
        actors: refs([issue.first, issue.second]),
        transitions: [issue.first, issue.second].filter((e): e is LedgerEntry => !!e).map((e) => record(n, e)),
        ...(hint ? { details: [LOCK_FREE_HINT] } : {}),
      };
    }
    case 'checksum-break':
      return {
        ...base,
        message: `state changed between transitions: ${who(issue.prev)} left checksum ${hex(issue.prev.checksumAfter)} at version ${issue.version}, ${who(issue.next)} found ${hex(issue.next.checksumBefore)} entering it; a write outside any transition, or a torn update`,
        actors: refs([issue.prev, issue.next]),
        transitions: [record(n, issue.prev), record(n, issue.next)],
      };
    case 'version-gap':
      return {
        ...base,
        message: `version ${issue.version} was never entered, yet ${who(issue.next)} entered version ${issue.next.from}; a transition's version write-back was lost`,
        actors: refs([issue.prev, issue.next]),
        transitions: [issue.prev, issue.next].filter((e): e is LedgerEntry => !!e).map((e) => record(n, e)),
      };
    default: {
      const never: never = issue;
      throw new Error(`unknown ledger issue ${JSON.stringify(never)}`);
    }
  }
}

/**
 * A lost-update message from the report's own evidence: the finding stands either
 * way (the transitions were not exclusive), but when the checksums or the round's
 * checks say nothing was overwritten, the text says so and the hint points at the
 * tools meant for lock-free code.
 */
function overlapCause(a: LedgerEntry | undefined, b: LedgerEntry, checks: ChecksAfter | undefined): { title: string; cause: string; hint: boolean } {
  const lost = 'the transitions overlapped and one write-back overwrote the other';
  if (!a) return { title: 'lost update', cause: lost, hint: false };
  const overlapped = 'overlapping transitions';
  const evidence = overlapEvidence(a, b);
  switch (evidence) {
    case 'same-result':
      // The checksum after a transition is taken when its body's promise settles: an
      // async body's exit can see the other one's write too (a lock-free Atomics.add on
      // the loop). So the same end state is an overwrite unless the round's checks held.
      if (checks?.held) {
        return { title: overlapped, cause: `${checks.names} still held after the round, so nothing seems to have been lost, but they did not run exclusively (both left checksum ${hex(b.checksumAfter)})`, hint: true };
      }
      return { title: 'lost update', cause: `${lost} (both left checksum ${hex(b.checksumAfter)})${checks?.held === false ? `; ${checks.reason}` : ''}`, hint: false };
    case 'serial':
      // This pair lost nothing, but another overlap of the round may have.
      if (checks?.held === false) return { title: 'lost update', cause: `the transitions overlapped (this pair wrote in turn, one starting from the state the other left); ${checks.reason}`, hint: false };
      return { title: overlapped, cause: 'one started from the state the other left, so no write was overwritten here, but they did not run exclusively', hint: true };
    case 'distinct':
    case 'unchanged':
      if (checks?.held === false) return { title: 'lost update', cause: `${lost}; ${checks.reason}`, hint: false };
      if (checks?.held) {
        return { title: overlapped, cause: `${checks.names} still held after the round, so nothing seems to have been lost, but they did not run exclusively`, hint: true };
      }
      // No checks to ask: different ends from one start are what a lock-free body leaves.
      if (evidence === 'unchanged') return { title: 'lost update', cause: lost, hint: false };
      return { title: 'lost update', cause: `${lost}, unless the body is lock-free and both writes landed (they left different checksums, ${hex(a.checksumAfter)} and ${hex(b.checksumAfter)})`, hint: true };
    default: {
      const never: never = evidence;
      throw new Error(`unknown overlap evidence ${String(never)}`);
    }
  }
}
