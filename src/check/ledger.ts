// Streaming validation of the transition ledger. Pure: entries in, the first
// issue out. Entries arrive per actor in completion order but interleaved across
// actors in any order, so validation closes versions as soon as they are
// contiguous and remembers a bounded window of closed ones for naming.

export interface LedgerEntry {
  actor: number;
  /** Hash of the transition name. */
  op: number;
  from: number;
  to: number;
  checksumBefore: number;
  checksumAfter: number;
  /** Version word seen just before storing `to` (optional: older producers). */
  versionAtExit?: number;
}

export type LedgerIssue =
  /** Two transitions entered the same version: they overlapped, one write was lost. */
  | { check: 'lost-update'; version: number; first: LedgerEntry | undefined; second: LedgerEntry }
  /** The state changed between the end of one transition and the start of the next. */
  | { check: 'checksum-break'; version: number; prev: LedgerEntry; next: LedgerEntry }
  /** A version nobody entered, though a later one was. */
  | { check: 'version-gap'; version: number; prev: LedgerEntry | undefined; next: LedgerEntry };

/**
 * What the checksums of two transitions that entered the same version say about
 * their writes. The version word proves only that they overlapped; the checksums
 * tell whether that overlap lost data:
 * - 'same-result': both started from the same state and left the same state: the
 *   second write-back overwrote the first (the classic lost update);
 * - 'serial': one started from the state the other left: the data writes were
 *   ordered and nothing was overwritten, only the version write-backs raced (lock-free
 *   bodies, or a body whose data race window was missed this time);
 * - 'distinct': same start, different ends: lost or not, the hashes cannot tell
 *   (a lock-free Atomics.add leaves this, and so does a lost update on two words);
 * - 'unchanged': neither changed the checksum: read-only bodies, or a checksum that
 *   does not cover what they write (plain JS state): no evidence either way.
 */
export type OverlapEvidence = 'same-result' | 'serial' | 'distinct' | 'unchanged';

export function overlapEvidence(a: LedgerEntry, b: LedgerEntry): OverlapEvidence {
  const wrote = (x: LedgerEntry) => x.checksumBefore !== x.checksumAfter;
  if (!wrote(a) && !wrote(b)) return 'unchanged';
  if ((wrote(a) && b.checksumBefore === a.checksumAfter) || (wrote(b) && a.checksumBefore === b.checksumAfter)) return 'serial';
  if (a.checksumAfter === b.checksumAfter) return 'same-result';
  return 'distinct';
}

/**
 * Overlapping transitions usually show up first as a checksum break (the
 * overlapping write lands between two other transitions) and only later as a
 * version entered twice. The duplicate names the cause, so after a break the
 * validator keeps collecting entries and prefers a lost update found in the
 * same round; the chain is not compared again once it is broken.
 */
export class LedgerValidator {
  private readonly pending = new Map<number, LedgerEntry>();
  private readonly closed = new Map<number, LedgerEntry>();
  private next: number;
  private last: LedgerEntry | undefined;
  private lost: LedgerIssue | undefined;
  private broken: LedgerIssue | undefined;
  private gapIssue: LedgerIssue | undefined;
  count = 0;

  constructor(startVersion = 0, private readonly window = 4096, private readonly maxPending = 100_000) {
    this.next = startVersion;
  }

  /** The issue to report: a lost update over a checksum break over a gap. */
  get firstIssue(): LedgerIssue | undefined {
    return this.lost ?? this.broken ?? this.gapIssue;
  }

  /**
   * Returns an issue when this entry revealed one. After a duplicate, entries
   * are still read for lower duplicates: a stale version write-back can make an
   * actor re-enter a version it entered before, and the lowest duplicate names
   * the transitions that really overlapped.
   */
  add(e: LedgerEntry): LedgerIssue | undefined {
    if (this.gapIssue) return undefined;
    this.count++;
    const dup = e.from < this.next ? this.closed.get(e.from) ?? null : this.pending.get(e.from);
    if (dup !== undefined) {
      if (this.lost && this.lost.version <= e.from) return undefined;
      const found = !this.lost;
      this.lost = { check: 'lost-update', version: e.from, first: dup ?? undefined, second: e };
      return found ? this.lost : undefined;
    }
    this.pending.set(e.from, e);
    let found: LedgerIssue | undefined;
    for (let cur = this.pending.get(this.next); cur; cur = this.pending.get(this.next)) {
      this.pending.delete(this.next);
      if (!this.broken && !this.lost && this.last && this.last.checksumAfter !== cur.checksumBefore) {
        found = this.broken = { check: 'checksum-break', version: cur.from, prev: this.last, next: cur };
      }
      this.closed.set(cur.from, cur);
      if (this.closed.size > this.window) this.closed.delete(this.closed.keys().next().value!);
      this.last = cur;
      this.next++;
    }
    if (this.pending.size > this.maxPending) return this.gap();
    return found;
  }

  /** At a quiescent point every transition has been drained: a hole is a gap. */
  finish(): LedgerIssue | undefined {
    if (!this.firstIssue && this.pending.size > 0) this.gap();
    return this.firstIssue;
  }

  /** Continue after a quiescent point with persistent state. */
  get nextVersion(): number {
    return this.next;
  }

  private gap(): LedgerIssue {
    const first = Math.min(...this.pending.keys());
    return (this.gapIssue = { check: 'version-gap', version: this.next, prev: this.last, next: this.pending.get(first)! });
  }
}
