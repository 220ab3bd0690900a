// The worker actors of a scenario: one piscina thread per actor and one task per
// actor for the whole scenario (a session, worker/entry.ts). Each round is one
// message to each actor on its session's port (the round's fresh setup() state,
// cloned like any task argument) and one outcome back: the actors stay where they
// are between rounds instead of paying a piscina task per actor per round, and
// their event loops keep turning between rounds (piscina parks an idle thread in
// Atomics.wait, which stopped an op's late timers from ever firing).
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import type { Piscina } from 'piscina';
import type { ActorOutcome, ActorSpec, FromActor, RoundOrder, SessionBase, SessionTask } from './protocol.js';
import { emptyOutcome, exceptionFinding } from './actor.js';
import type { TraceEvent } from '../sched/trace.js';

interface Member {
  spec: ActorSpec;
  port?: MessagePort;
  ready?: Promise<void>;
  /** The round in flight: resolves with the actor's outcome. */
  pending?: (o: ActorOutcome) => void;
  /** The thread failed between rounds: reported as the actor's next round. */
  lost?: unknown;
  /** What its thread said it left behind at the end of its last round (engine/settle.ts). */
  left?: string[];
  /** The round in flight's trace, as the actor sends it before a wait (sched/worker-gate.ts). */
  onTrace?: (events: TraceEvent[]) => void;
}

export function crashed(id: number, nOps: number, e: unknown): ActorOutcome {
  const f = exceptionFinding(e);
  return emptyOutcome(id, nOps, [{ ...f, check: 'uncaught', message: `worker thread failed: ${f.message}`, actor: id, op: -1 }]);
}

export class Crew {
  private readonly members = new Map<number, Member>();
  private closing = false;
  private closed: Promise<boolean> | undefined;

  private constructor(
    private readonly pool: Piscina,
    private readonly base: Omit<SessionBase, 'actor'>,
    specs: ActorSpec[],
  ) {
    for (const spec of specs) this.members.set(spec.id, { spec });
  }

  /** Starts every actor's session; resolves once every thread has imported the bundle. */
  static async start(pool: Piscina, base: Omit<SessionBase, 'actor'>, specs: ActorSpec[]): Promise<Crew> {
    const crew = new Crew(pool, base, specs);
    for (const m of crew.members.values()) crew.begin(m);
    await Promise.all([...crew.members.values()].map((m) => m.ready));
    return crew;
  }

  private begin(m: Member): void {
    const { port1, port2 } = new MessageChannel();
    // Delivery does not need the port to hold the loop open: a pending round is
    // kept alive by the pool's threads, and the loop-only idle check must not
    // count racecheck's own ports.
    port1.unref();
    m.port = port1;
    m.left = undefined;
    let ready!: () => void;
    let failed!: (e: unknown) => void;
    m.ready = new Promise<void>((res, rej) => {
      ready = res;
      failed = rej;
    });
    m.ready.catch(() => undefined);
    port1.on('message', (msg: FromActor) => {
      if (msg.type === 'ready') ready();
      else if (msg.type === 'trace') m.onTrace?.(msg.events);
      else {
        const p = m.pending;
        m.pending = undefined;
        m.onTrace = undefined;
        m.left = msg.outcome.left;
        p?.(msg.outcome);
      }
    });
    const task: SessionTask = { ...this.base, actor: m.spec, session: true, port: port2 };
    this.pool.run(task, { transferList: [port2] as never }).then(
      () => undefined,
      (e: unknown) => {
        // The thread died (an uncaught error or process.exit in the worker, or terminate()).
        port1.close();
        if (m.port === port1) m.port = undefined;
        failed(e);
        if (this.closing) return;
        const p = m.pending;
        m.pending = undefined;
        if (p) p(crashed(m.spec.id, this.base.opNames.length, e));
        else m.lost = e;
      },
    );
  }

  /**
   * One round of one worker actor. Never rejects: a failed thread is the actor's outcome.
   * `onTrace`: a controlled round's trace as it comes, before the outcome (which has the rest).
   */
  async run(spec: ActorSpec, order: RoundOrder, onTrace?: (events: TraceEvent[]) => void): Promise<ActorOutcome> {
    const m = this.members.get(spec.id)!;
    const nOps = this.base.opNames.length;
    if (m.lost !== undefined || !m.port) {
      // Report what ended the thread, and start the actor again for the next round.
      const e = m.lost ?? new Error('the worker thread is gone');
      m.lost = undefined;
      this.begin(m);
      return crashed(spec.id, nOps, e);
    }
    try {
      await m.ready;
    } catch (e) {
      return crashed(spec.id, nOps, e);
    }
    return new Promise<ActorOutcome>((resolve) => {
      m.pending = resolve;
      m.onTrace = onTrace;
      try {
        m.port!.postMessage(order);
      } catch (e) {
        m.pending = undefined;
        resolve(crashed(spec.id, nOps, e));
      }
    });
  }

  /** Every actor's thread said, after its last round, that nothing of the scenario's is left there to run. */
  quiet(): boolean {
    return [...this.members.values()].every((m) => m.port !== undefined && m.lost === undefined && m.left?.length === 0);
  }

  /**
   * Ends the sessions and the threads. terminate() ends workers blocked in Atomics.wait
   * or a busy loop in ~40 ms; a worker inside a native call never ends. Returns false
   * when some thread did not.
   */
  close(stuck: boolean): Promise<boolean> {
    // Once: a shrink that retired a wedged crew has closed it before the scenario's end does.
    if (this.closed) return this.closed;
    this.closing = true;
    if (!stuck) for (const m of this.members.values()) m.port?.postMessage({ type: 'end' });
    const done = this.pool.destroy().then(() => true, () => true);
    this.closed = Promise.race([done, new Promise<boolean>((r) => setTimeout(() => r(false), stuck ? 1000 : 5000).unref())]);
    return this.closed;
  }
}
