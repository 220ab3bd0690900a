// Turn what actors and checkers saw (ids, hashes) into report findings (names).
import type { ActorRef, Finding, TransitionRecord } from '../result.js';
import type { LedgerEntry, LedgerIssue } from '../check/ledger.js';
import type { RawFinding } from './protocol.js';
import type { Plan } from './plan.js';
import { locate } from './locate.js';

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

export function fromLedger(n: Namer, issue: LedgerIssue): Finding {
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
      return {
        ...base,
        message: `lost update: version ${issue.version} was entered twice, by ${first} and ${who(issue.second)}; the transitions overlapped and one write-back overwrote the other`,
        actors: refs([issue.first, issue.second]),
        transitions: [issue.first, issue.second].filter((e): e is LedgerEntry => !!e).map((e) => record(n, e)),
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
