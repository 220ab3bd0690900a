// A config file's top level runs on a worker thread with a time limit: an endless
// loop or a wait that never ends there would otherwise hang the CLI's own thread,
// where nothing can interrupt it. Past the limit the thread is terminated (a busy
// loop ends in ~40 ms) and the caller gets one line naming the file and the phase.
import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import type { ConfigReply } from './config-worker.js';
import { formatDuration } from '../duration.js';

export const LOAD_LIMIT_MS = 10_000;

export class LoadTimeout extends Error {
  override name = 'LoadTimeout';
}

/** The default export of a bundled config, or throws: LoadTimeout, or an Error with the module's own error text. */
export function importConfig(bundlePath: string, limitMs = LOAD_LIMIT_MS): Promise<unknown> {
  const worker = new Worker(new URL('./config-worker.js', import.meta.url), { workerData: pathToFileURL(bundlePath).href, stdout: false, stderr: false });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new LoadTimeout(`its top level did not finish in ${formatDuration(limitMs)} (an endless loop, or a wait that never ends?)`));
      void worker.terminate();
    }, limitMs);
    worker.once('message', (m: ConfigReply) => {
      clearTimeout(timer);
      void worker.terminate();
      if (m.ok) resolve(m.value);
      else reject(Object.assign(new Error(m.error), m.stack ? { stack: m.stack } : {}));
    });
    worker.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    worker.once('exit', () => {
      clearTimeout(timer);
      // Exited without a word: a top-level await on a promise that can never settle.
      reject(new LoadTimeout('its top level never finished (a top-level await on a promise that never settles?)'));
    });
  });
}
