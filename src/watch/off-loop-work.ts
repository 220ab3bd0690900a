// Work a scenario can hand to other threads that process.getActiveResourcesInfo() never
// lists, although its callback is still to come: libuv's thread pool (crypto's async
// functions, zlib, WebCrypto), c-ares (dns.resolve*, not dns.lookup), V8's background
// compiler (WebAssembly.compile) and native addons (whatever they queue). Measured on
// Node 20: with a crypto.pbkdf2, a zlib.gzip or a dns.resolve4 pending, the list is empty.
//
// Two readers must know about these:
// - the settle window (engine/settle.ts) may end early only when nothing the scenario
//   left can still run. Its rule is coarse and certain: once the scenario has called
//   any of them on this thread, every later settle here keeps its full window
//   (offLoopWorkUsed()).
// - the loop-only deadlock check (watch/loop-monitor.ts) must not call a loop task that
//   awaits a 300 ms pbkdf2 unwakeable. It reads offLoopWorkPending(): the calls whose
//   callback or promise has not come back yet, counted by wrapping that callback or
//   promise (async_hooks would see them too, but its init hook turns on promise hooks:
//   see watch/wake-sources.ts). A call whose end cannot be followed (a zlib stream, a
//   dns.Resolver, a native addon) or a module loaded unwatched leaves the check unsure
//   for good on this thread: it falls back to the no-progress timeout.
import { createRequire } from 'node:module';
import { builtinLoaded, loadedSince } from '../builtins-loaded.js';
import { isThenable } from '../thenable.js';

const require = createRequire(import.meta.url);

let used: string | undefined;
let installed = false;
/** Calls whose callback or promise is still to come, by label. */
const inFlight = new Map<string, number>();
/** The first call whose end cannot be followed. */
let unfollowed: string | undefined;

/** Modules nobody had loaded at install: not wrapped, only watched for a load (builtins-loaded.ts). */
const unwatched: string[] = [];

/** The first such API the scenario called on this thread, or a module of them loaded unwatched (undefined: none). */
export const offLoopWorkUsed = (): string | undefined => {
  if (used === undefined) {
    const late = loadedSince(unwatched);
    if (late.length > 0) return `node:${late[0]} (loaded after the wrappers were installed, not watched)`;
  }
  return used;
};

/**
 * What the scenario handed off on this thread that may still call back (undefined:
 * nothing): calls in flight, a call whose end cannot be followed, a module loaded unwatched.
 */
export const offLoopWorkPending = (): string | undefined => {
  for (const [label, n] of inFlight) if (n > 0) return `${label} in flight${n > 1 ? ` (${n} calls)` : ''}`;
  if (unfollowed) return `${unfollowed} (its work cannot be followed)`;
  const late = loadedSince(unwatched);
  return late.length > 0 ? `node:${late[0]} (loaded after the wrappers were installed, not watched)` : undefined;
};

const begin = (label: string) => inFlight.set(label, (inFlight.get(label) ?? 0) + 1);
const end = (label: string) => inFlight.set(label, (inFlight.get(label) ?? 1) - 1);

/**
 * Calls `t` for the scenario and follows it to its end: a callback last is wrapped, a
 * promise returned is replaced by one that settles with it (attaching a handler to the
 * scenario's own promise would mark its rejection handled and hide it).
 */
function followed(label: string, t: (...a: unknown[]) => unknown, self: unknown, args: unknown[]): unknown {
  const last = args.length - 1;
  const cb = args[last];
  if (typeof cb === 'function') {
    let ended = false;
    const finish = () => {
      if (!ended) end(label);
      ended = true;
    };
    const wrapped = [...args];
    wrapped[last] = function (this: unknown, ...a: unknown[]) {
      finish();
      return Reflect.apply(cb as (...x: unknown[]) => unknown, this, a);
    };
    begin(label);
    try {
      return Reflect.apply(t, self, wrapped);
    } catch (e) {
      finish();
      throw e;
    }
  }
  const r = Reflect.apply(t, self, args);
  if (!isThenable(r)) {
    unfollowed ??= label;
    return r;
  }
  begin(label);
  return new Promise((resolve, reject) => r.then((v) => (end(label), resolve(v)), (e: unknown) => (end(label), reject(e))));
}

type Mod = Record<string | symbol, unknown>;

/**
 * Replaces `mod[name]` with a Proxy that notes a call (or `new`) for which `counts`
 * holds. A Proxy keeps the function's own properties (util.promisify.custom, statics)
 * and `instanceof`.
 */
function watch(mod: Mod, label: string, name: string, isScenario: () => boolean, counts: (args: unknown[]) => boolean = () => true): void {
  const fn = mod[name];
  const d = Object.getOwnPropertyDescriptor(mod, name);
  if (typeof fn !== 'function' || !d || !('value' in d) || (!d.writable && !d.configurable)) return;
  const call = `${label}.${name}()`;
  const note = (args: unknown[]): boolean => {
    if (!counts(args) || !isScenario()) return false;
    used ??= call;
    return true;
  };
  const proxy = new Proxy(fn as (...a: unknown[]) => unknown, {
    apply(t, self, args: unknown[]) {
      return note(args) ? followed(call, t, self, args) : Reflect.apply(t, self, args);
    },
    construct(t, args: unknown[], target) {
      if (note(args)) unfollowed ??= `new ${label}.${name}()`;
      return Reflect.construct(t, args, target) as object;
    },
  });
  Object.defineProperty(mod, name, { ...d, value: proxy });
}

/** Installs the notes (once per thread), before the scenario is imported. */
export function installOffLoopTracking(isScenario: () => boolean): void {
  if (installed) return;
  installed = true;
  const load = (m: string): Mod | undefined => {
    if (builtinLoaded(m)) return require(`node:${m}`) as Mod;
    unwatched.push(m);
    return undefined;
  };
  const crypto = load('crypto');
  // Their asynchronous forms take a callback last; the synchronous ones run here.
  const withCallback = (args: unknown[]) => typeof args[args.length - 1] === 'function';
  if (crypto) {
    for (const n of ['pbkdf2', 'scrypt', 'randomBytes', 'pseudoRandomBytes', 'prng', 'rng', 'randomFill', 'randomInt', 'generateKeyPair',
      'generateKey', 'generatePrime', 'checkPrime', 'hkdf', 'sign', 'verify']) watch(crypto, 'crypto', n, isScenario, withCallback);
  }
  const subtle = (crypto?.webcrypto as { subtle?: object } | undefined)?.subtle;
  const subtleProto = subtle ? (Object.getPrototypeOf(subtle) as Mod) : undefined;
  if (subtleProto) {
    for (const n of Object.getOwnPropertyNames(subtleProto)) if (n !== 'constructor') watch(subtleProto, 'crypto.subtle', n, isScenario);
  }
  const zlib = load('zlib');
  if (zlib) for (const n of Object.keys(zlib)) if (!n.endsWith('Sync') && n !== 'crc32') watch(zlib, 'zlib', n, isScenario);
  // dns.lookup and lookupService are listed (GetAddrInfoReqWrap); c-ares queries are not.
  const dnsSync = new Set(['lookup', 'lookupService', 'getServers', 'setServers', 'getDefaultResultOrder', 'setDefaultResultOrder']);
  for (const [label, mod] of [['dns', load('dns')], ['dns.promises', load('dns/promises')]] as const) {
    if (mod) for (const n of Object.keys(mod)) if (!dnsSync.has(n)) watch(mod, label, n, isScenario);
  }
  const wasm = (globalThis as unknown as { WebAssembly: Mod }).WebAssembly;
  for (const n of ['compile', 'instantiate', 'compileStreaming', 'instantiateStreaming']) watch(wasm, 'WebAssembly', n, isScenario);
  watch(process as unknown as Mod, 'process', 'dlopen', isScenario); // a native addon: its async work is out of sight
  (require('node:module') as { syncBuiltinESMExports(): void }).syncBuiltinESMExports();
}
