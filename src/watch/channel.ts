// The run process -> supervisor event pipe, shared by the main thread and the
// watchdog thread. Each event is one NDJSON line written with writeSync (no event
// loop needed, so the watchdog can report while the main thread is blocked, and a
// line written survives a process.exit() right after). A lock word in the control
// block keeps lines whole: a long line may take several writes when the pipe is full.
import { writeSync } from 'node:fs';
import { threadId } from 'node:worker_threads';
import { C, type Control } from '../shm/control.js';

/** Past this, a writer proceeds without the lock: a holder stuck that long is gone. */
const LOCK_PATIENCE_MS = 2000;

export class EventWriter {
  private readonly sleeper = new Int32Array(new SharedArrayBuffer(4));
  private readonly me = threadId + 1;

  constructor(private readonly fd: number, private readonly control: Control) {}

  /**
   * Writes one line unless the watchdog has sealed the pipe (it already wrote the
   * scenario's result). `seal` writes and then seals, under the same lock.
   * `isResult` counts the line in C.RESULTS, which the watchdog watches.
   */
  write(line: string, opts: { seal?: boolean; isResult?: boolean } = {}): boolean {
    const i32 = this.control.i32;
    const locked = this.lock();
    try {
      if (Atomics.load(i32, C.SEALED) !== 0) return false;
      this.writeAll(Buffer.from(line.endsWith('\n') ? line : line + '\n'));
      if (opts.isResult) Atomics.add(i32, C.RESULTS, 1);
      if (opts.seal) Atomics.store(i32, C.SEALED, 1);
      return true;
    } finally {
      if (locked) this.unlock();
    }
  }

  /** Runs `fn` holding the write lock (the watchdog decides and seals atomically). */
  withLock<T>(fn: () => T): T {
    const locked = this.lock();
    try {
      return fn();
    } finally {
      if (locked) this.unlock();
    }
  }

  private lock(): boolean {
    const i32 = this.control.i32;
    if (Atomics.load(i32, C.LOCK) === this.me) return false; // re-entrant (withLock -> write)
    const deadline = Date.now() + LOCK_PATIENCE_MS;
    for (;;) {
      const held = Atomics.compareExchange(i32, C.LOCK, 0, this.me);
      if (held === 0) return true;
      if (Date.now() > deadline) return false;
      Atomics.wait(i32, C.LOCK, held, 5);
    }
  }

  private unlock(): void {
    Atomics.store(this.control.i32, C.LOCK, 0);
    Atomics.notify(this.control.i32, C.LOCK);
  }

  private writeAll(buf: Buffer): void {
    for (let off = 0; off < buf.length; ) {
      try {
        off += writeSync(this.fd, buf, off);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
        Atomics.wait(this.sleeper, 0, 0, 1); // pipe full: the supervisor is reading
      }
    }
  }
}
