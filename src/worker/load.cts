// The file piscina loads in each pool thread. piscina require()s its worker
// file first; on Node 20.19+ require() of an ES module (entry.js) goes through
// require(esm), which races with the import() of the scenario bundle (whose
// graph shares racecheck's modules) and can abort the thread with
// "v8::Module::IsGraphAsync must be used on an instantiated module". A
// CommonJS file that import()s the real entry keeps every load on the ESM path.
type Handler = (task: never) => unknown;

let handler: Promise<Handler> | undefined;

function run(task: never): Promise<unknown> {
  handler ??= import('./entry.js').then((m) => m.default as Handler);
  return handler.then((h) => h(task));
}

export = run;
