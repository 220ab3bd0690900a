// The file piscina loads in each pool thread. piscina require()s its worker
// file first; on Node 20.19+ require() of an ES module (entry.js) goes through
// require(esm), which races with the import() of the scenario bundle (whose
// graph shares racecheck's modules) and can abort the thread with
// "v8::Module::IsGraphAsync must be used on an instantiated module". A
// CommonJS file that import()s the real entry keeps every load on the ESM path.
type Handler = (task: never) => unknown;

// Imported when the thread starts, not at its first task: a pool started ahead of its
// scenario (engine/pool.ts) has racecheck's worker modules loaded before the job comes.
const handler: Promise<Handler> = import('./entry.js').then((m) => m.default as Handler);
handler.catch(() => undefined); // the failure is the first task's (run() below)

function run(task: never): Promise<unknown> {
  return handler.then((h) => h(task));
}

export = run;
