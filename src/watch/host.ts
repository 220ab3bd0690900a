// The main thread's side of the watchdog: starts the thread, beats the heartbeat,
// publishes phases, sends the scenario and round facts the watchdog cannot read from
// shared memory, and receives its findings. RACECHECK_NO_WATCHDOG=1 runs without the
// thread (for overhead measurements; the round then falls back to a plain no-progress
// timer without stacks).
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { C, CF, Control, type PhaseValue } from '../shm/control.js';
import { EventWriter } from './channel.js';
import type { FromWatchdog, ToWatchdog } from './protocol.js';
import { installSiteDump } from './sites.js';
import type { WatchdogData } from './thread.js';

const HEARTBEAT_MS = 10;
const ELD_EVERY = 10; // heartbeats between event-loop-delay copies
const THREAD = new URL('./thread.js', import.meta.url);

export interface HostOptions {
  fd: number;
  file: string;
  deadlockTimeoutMs: number;
  enabled: boolean;
}

export class WatchHost {
  readonly control = Control.create();
  readonly writer: EventWriter;
  private worker: Worker | undefined;
  private port: MessagePort | undefined;
  private alive = false;
  private heartbeat: NodeJS.Timeout | undefined;
  private eld: IntervalHistogram | undefined;
  private readonly listeners = new Set<(m: FromWatchdog) => void>();
  private inbox: FromWatchdog[] = [];

  constructor(private readonly opts: HostOptions) {
    this.writer = new EventWriter(opts.fd, this.control);
  }

  /** The watchdog thread is running (its findings replace the round's plain timer). */
  get watching(): boolean {
    return this.alive;
  }

  start(): void {
    this.eld = monitorEventLoopDelay({ resolution: 10 });
    this.eld.enable();
    if (!this.opts.enabled) return;
    this.control.beat();
    let n = 0;
    this.heartbeat = setInterval(() => {
      this.control.beat();
      if (++n % ELD_EVERY === 0) this.copyEventLoopDelay();
    }, HEARTBEAT_MS).unref();
    installSiteDump();
    const { port1, port2 } = new MessageChannel();
    const data: WatchdogData = {
      control: this.control.sab, fd: this.opts.fd, port: port2, parentPid: process.ppid, file: this.opts.file,
      deadlockTimeoutMs: this.opts.deadlockTimeoutMs,
    };
    this.worker = new Worker(THREAD, { workerData: data, transferList: [port2] });
    this.worker.unref();
    this.alive = true;
    const down = () => {
      this.alive = false;
    };
    this.worker.on('error', (e) => {
      process.stderr.write(`racecheck: the watchdog thread failed (${e.message}); deadlock reports will have no stacks\n`);
      down();
    });
    this.worker.on('exit', down);
    this.port = port1;
    port1.on('message', (m: FromWatchdog) => this.deliver(m));
    port1.unref();
  }

  phase(p: PhaseValue): void {
    this.control.setPhase(p);
  }

  send(m: ToWatchdog): void {
    if (this.alive) this.port?.postMessage(m);
  }

  onMessage(fn: (m: FromWatchdog) => void): () => void {
    this.listeners.add(fn);
    return () => {
      this.listeners.delete(fn);
    };
  }

  /** Waits (bounded) for reports the watchdog is still building, then takes every finding it sent. */
  async settle(maxMs = 2000): Promise<FromWatchdog[]> {
    const until = Date.now() + maxMs;
    while (this.alive && Atomics.load(this.control.i32, C.REPORTING) > 0 && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 5));
    }
    for (let m = this.port && receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port!)) {
      this.deliver(m.message as FromWatchdog);
    }
    return this.inbox.splice(0);
  }

  resetEventLoop(): void {
    this.eld?.reset();
    this.copyEventLoopDelay();
  }

  /** Event-loop delay since the last reset, in ms. */
  eventLoop(): { maxMs: number; p99Ms: number } {
    const h = this.eld;
    if (!h || h.count === 0) return { maxMs: 0, p99Ms: 0 };
    return { maxMs: Math.round(h.max / 1e4) / 100, p99Ms: Math.round(h.percentile(99) / 1e4) / 100 };
  }

  async stop(): Promise<void> {
    clearInterval(this.heartbeat);
    this.eld?.disable();
    this.alive = false;
    await this.worker?.terminate().catch(() => undefined);
  }

  private copyEventLoopDelay(): void {
    const { maxMs, p99Ms } = this.eventLoop();
    this.control.f64[CF.ELD_MAX] = maxMs;
    this.control.f64[CF.ELD_P99] = p99Ms;
  }

  private deliver(m: FromWatchdog): void {
    this.inbox.push(m);
    for (const fn of this.listeners) fn(m);
  }
}

