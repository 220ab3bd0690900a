// The interleaving trace of a controlled round: what each actor did, in the
// order it happened, numbered by scheduling step (step n = what ran after the
// scheduler's n-th decision; step 0 = before the first one).
/** One event of a controlled round, as results carry it (plain data). */
export interface TraceStep {
  /** Scheduling step: what ran after the scheduler's n-th decision. */
  step: number;
  actor: string;
  event: 'run' | 'op' | 'yield' | 'enter' | 'exit' | 'section-enter' | 'section-exit' | 'wait' | 'fail' | 'done';
  /** Op, transition or section name; for 'wait', what the worker waits in (Atomics.wait, Atomics.waitAsync, lock). */
  name?: string;
  label?: string;
  from?: number;
  to?: number;
  message?: string;
}

export type TraceEvent =
  | { step: number; actor: number; event: 'op'; op: number }
  | { step: number; actor: number; event: 'yield'; label?: string }
  | { step: number; actor: number; event: 'run' }
  | { step: number; actor: number; event: 'enter'; name: string; from: number }
  | { step: number; actor: number; event: 'exit'; name: string; from: number; to: number }
  | { step: number; actor: number; event: 'section-enter' | 'section-exit'; name: string }
  | { step: number; actor: number; event: 'wait'; name: string }
  | { step: number; actor: number; event: 'fail'; message: string }
  | { step: number; actor: number; event: 'done' };

/** What actors report to the trace (and to the controller's stall detection). */
export interface TraceHooks {
  op(actor: number, op: number): void;
  enter(actor: number, name: string, from: number): void;
  exit(actor: number, name: string, from: number, to: number): void;
  section(actor: number, name: string, enter: boolean): void;
  fail(actor: number, message: string): void;
}

/** Most events kept per round: the end of a long round (where its finding is) is what matters. */
const KEEP = 4000;

export class TraceLog {
  private events: TraceEvent[] = [];
  /** Events dropped from the front. */
  dropped = 0;
  /** The first failure ends the trace: what follows is the round winding down. */
  private ended = false;
  push(e: TraceEvent): void {
    if (this.ended) return;
    if (e.event === 'fail') this.ended = true;
    this.events.push(e);
    if (this.events.length > 2 * KEEP) {
      this.dropped += this.events.length - KEEP;
      this.events = this.events.slice(-KEEP);
    }
  }
  /** No more events: the rest of the round is not under control. */
  end(): void {
    this.ended = true;
  }
  list(): readonly TraceEvent[] {
    return this.events;
  }
  /** The events so far, handed over: the log goes on with what follows. */
  take(): TraceEvent[] {
    const out = this.events;
    this.events = [];
    return out;
  }
}

/** Plain report form: actor and op names resolved. */
export function traceSteps(events: readonly TraceEvent[], actorName: (id: number) => string, opName: (op: number) => string): TraceStep[] {
  return events.map((e) => {
    const base = { step: e.step, actor: actorName(e.actor) };
    switch (e.event) {
      case 'op':
        return { ...base, event: e.event, name: opName(e.op) };
      case 'yield':
        return { ...base, event: e.event, ...(e.label !== undefined ? { label: e.label } : {}) };
      case 'run':
      case 'done':
        return { ...base, event: e.event };
      case 'enter':
        return { ...base, event: e.event, name: e.name, from: e.from };
      case 'exit':
        return { ...base, event: e.event, name: e.name, from: e.from, to: e.to };
      case 'section-enter':
      case 'section-exit':
      case 'wait':
        return { ...base, event: e.event, name: e.name };
      case 'fail':
        return { ...base, event: e.event, message: e.message };
      default: {
        const never: never = e;
        return never;
      }
    }
  });
}
