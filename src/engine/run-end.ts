// How a run process's life ends, for the supervisor (supervisor.ts runFile): its
// bundle folder, its pipes, and the finding when it died in the middle of a scenario.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Finding } from '../result.js';

/**
 * The folder the run process writes its scenario bundle to. The supervisor makes it
 * and removes it, so it goes on every path: a run process killed with SIGKILL (a
 * deadlock it could not end), one that crashed, or the supervisor exiting first.
 */
export function bundleFolder(): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'racecheck-'));
  folders.add(dir);
  return {
    dir,
    remove: () => {
      folders.delete(dir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
const folders = new Set<string>();

/** The supervisor is exiting (engine/exit-cleanup.ts): every bundle folder not removed yet. */
export function removeBundleFolders(): void {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  folders.clear();
}

/** How long to wait for the run process's last events and output after it exited. */
const DRAIN_MS = 500;

/**
 * Resolves once the run process's event pipe has delivered everything (it ends when
 * the process is gone: nobody else holds it), then closes its stdout and stderr. A
 * process the scenario started may hold those two open for ever (it inherited them):
 * what it writes later is not the run's, and the supervisor must not wait for it.
 */
export function drained(child: ChildProcess): Promise<void> {
  const events = child.stdio[4] as Readable | null;
  const ended = new Promise<void>((resolve) => {
    if (!events || events.readableEnded || events.destroyed) return resolve();
    events.once('end', resolve).once('close', resolve).once('error', () => resolve());
  });
  const out = [child.stdout, child.stderr].filter((s): s is Readable => !!s);
  const outEnded = Promise.all(out.map((s) => new Promise<void>((resolve) => {
    if (s.readableEnded || s.destroyed) return resolve();
    s.once('end', resolve).once('close', resolve).once('error', () => resolve());
  })));
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, DRAIN_MS)));
  return Promise.race([Promise.all([ended, outEnded]).then(() => undefined), limit]).then(() => {
    clearTimeout(timer);
    for (const s of [...out, events]) s?.destroy();
  });
}

/** V8's last words when a heap is exhausted (main thread or a worker without resourceLimits). */
const OOM = /heap out of memory|Allocation failed - |Reached heap limit|ERR_WORKER_OUT_OF_MEMORY/;

/** The finding for a run process that ended in the middle of round `round`. */
export function crashFinding(code: number | null, signal: NodeJS.Signals | null, tail: string[], round: number, roundSeed: number): Finding {
  const how = signal ? `signal ${signal}` : `exit code ${code}`;
  const oom = tail.some((l) => OOM.test(l));
  const message = oom
    ? `the run process ran out of memory (JavaScript heap out of memory) in round ${round} (${how}): the scenario's state grows without bound, or it needs more heap (NODE_OPTIONS=--max-old-space-size=...)`
    : `the run process ended (${how}) in the middle of round ${round}: process.exit() or process.abort() called by the scenario, or a fatal error`;
  return {
    kind: 'error', check: 'crash', actors: [], round, roundSeed, message,
    ...(tail.length ? { details: tail.slice(-10) } : {}),
  };
}
