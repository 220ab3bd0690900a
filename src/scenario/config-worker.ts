// Imports a bundled config file on a thread of its own (see limited-import.ts) and
// posts its default export back: a config is plain data, so it clones.
import { parentPort, workerData } from 'node:worker_threads';
import { describeThrown } from '../thrown.js';

export type ConfigReply = { ok: true; value: unknown } | { ok: false; error: string; stack?: string };

const post = (m: ConfigReply) => parentPort!.postMessage(m);
try {
  const mod = (await import(workerData as string)) as { default?: unknown };
  try {
    post({ ok: true, value: mod.default });
  } catch (e) {
    post({ ok: false, error: `the default export is not plain data (${describeThrown(e).message})` });
  }
} catch (e) {
  const t = describeThrown(e);
  post({ ok: false, error: t.text, ...(t.stack ? { stack: t.stack } : {}) });
}
