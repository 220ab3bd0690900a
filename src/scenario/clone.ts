// setup()'s value reaches every worker thread as a structured clone. Two things go
// wrong there: the clone throws (a function, a symbol, a WeakMap), or it silently
// succeeds and hands the worker something else than setup() built: a class instance
// arrives as a plain object without its prototype, so `mutex.runExclusive` is not a
// function in the worker and the run ends in errors that blame the wrong thing.
// Both are the user's input, so both are one-line scenario errors naming the path.
import { ScenarioError } from './errors.js';

const HINT = 'return plain data and typed arrays over SharedArrayBuffer (a lock the workers share: SharedMutex), and build objects with methods in attach()';

/** Throws a ScenarioError naming the first part of `shared` that does not survive the copy to a worker. */
export function checkCloneable(file: string, shared: unknown): void {
  let where = uncloneablePath(shared, 'setup()');
  if (!where) {
    try {
      structuredClone(shared);
    } catch (e) {
      where = `it (${String((e as Error).message).split('\n')[0]!.slice(0, 80)})`;
    }
  }
  if (where) throw new ScenarioError(file, `setup() returned a value that cannot be cloned to a worker thread: ${where}; ${HINT}`);
}

// Built-in objects that structured clone copies faithfully (the HTML spec's list).
const CLONEABLE: Function[] = [Date, RegExp, Error, ArrayBuffer, Boolean, Number, String, BigInt];
if (typeof SharedArrayBuffer !== 'undefined') CLONEABLE.push(SharedArrayBuffer);
if (typeof Blob !== 'undefined') CLONEABLE.push(Blob);

/**
 * Path of the first function, symbol or class instance with methods in a value, e.g.
 * `setup().mutex is a Mutex instance: ...`; undefined when the value clones as it is.
 */
export function uncloneablePath(v: unknown, at: string, seen = new Set<unknown>()): string | undefined {
  if (typeof v === 'function') return `${at} is a function`;
  if (typeof v === 'symbol') return `${at} is a symbol`;
  if (v === null || typeof v !== 'object' || seen.has(v) || ArrayBuffer.isView(v)) return undefined;
  seen.add(v);
  // racecheck's own primitives (SharedMutex) are revived from their clone in each worker.
  if ('__racecheck' in v) return undefined;
  if (CLONEABLE.some((C) => v instanceof C)) return undefined;
  let entries: [string, unknown][];
  if (v instanceof Map) entries = [...v.entries()].flatMap(([k, x]): [string, unknown][] => [[` key ${String(k)}`, k], [`.get(${String(k)})`, x]]);
  else if (v instanceof Set) entries = [...v].map((x, i) => [` entry ${i}`, x]);
  else if (Array.isArray(v)) entries = v.map((x, i) => [`[${i}]`, x]);
  else {
    const lost = methodsOf(v);
    if (lost.length > 0) {
      const name = (v as { constructor?: { name?: unknown } }).constructor?.name;
      const what = typeof name === 'string' && name ? `${/^[aeiou]/i.test(name) ? 'an' : 'a'} ${name} instance` : 'a class instance';
      try {
        structuredClone(v);
      } catch (e) {
        // A host object the clone rejects outright (WeakMap, Promise, a socket).
        return `${at} is ${what} (${String((e as Error).message).split('\n')[0]!.slice(0, 80)})`;
      }
      const shown = lost.slice(0, 3).join(', ') + (lost.length > 3 ? ', ...' : '');
      return `${at} is ${what}: a worker thread gets a plain copy without its methods (${shown})`;
    }
    entries = Object.entries(v).map(([k, x]) => [`.${k}`, x]);
  }
  for (const [k, x] of entries) {
    const p = uncloneablePath(x, at + k, seen);
    if (p) return p;
  }
  return undefined;
}

/** Methods and accessors on the prototype chain below Object.prototype: what a clone drops. */
function methodsOf(v: object): string[] {
  const out: string[] = [];
  for (let p: object | null = Object.getPrototypeOf(v); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const k of Object.getOwnPropertyNames(p)) if (k !== 'constructor' && !out.includes(k)) out.push(k);
  }
  return out;
}
