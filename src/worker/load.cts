// The file piscina loads in each pool thread. piscina require()s its worker
// file first; on Node 20.19+ require() of an ES module (entry.js) goes through
// require(esm), which races with the import() of the scenario bundle (whose
// graph shares racecheck's modules) and can abort the thread with
// "v8::Module::IsGraphAsync must be used on an instantiated module". A
// CommonJS file that import()s the real entry keeps every load on the ESM path.
//
// The entry is the bundle of entry.js and its own modules (scripts/bundle-entries.mjs,
// part of `npm run build`) when it is no older than what tsc wrote: a bare `tsc` leaves
// a stale bundle behind, and then the plain entry runs.
import { statSync } from 'node:fs';
import path from 'node:path';

type Handler = (task: never) => unknown;

let handler: Promise<Handler> | undefined;

function entry(): string {
  try {
    const bundled = statSync(path.join(__dirname, 'entry.bundle.js')).mtimeMs;
    return bundled >= statSync(path.join(__dirname, 'entry.js')).mtimeMs ? './entry.bundle.js' : './entry.js';
  } catch {
    return './entry.js';
  }
}

function run(task: never): Promise<unknown> {
  handler ??= import(entry()).then((m) => m.default as Handler);
  return handler.then((h) => h(task));
}

export = run;
