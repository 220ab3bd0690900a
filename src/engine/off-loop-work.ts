// Work a scenario can hand to other threads that process.getActiveResourcesInfo() never
// lists, although its callback is still to come: libuv's thread pool (crypto's async
// functions, zlib, WebCrypto), c-ares (dns.resolve*, not dns.lookup), V8's background
// compiler (WebAssembly.compile) and native addons (whatever they queue). Measured on
// Node 20: with a crypto.pbkdf2, a zlib.gzip or a dns.resolve4 pending, the list is empty.
//
// The settle window (engine/settle.ts) may end early only when nothing the scenario
// left can still run, so it must know about these. Their pending state cannot be seen
// from JavaScript without async_hooks (whose init hook turns on promise hooks: see
// watch/wake-sources.ts), so the rule is coarse and certain: once the scenario has
// called any of them on this thread, every later settle here keeps its full window.
import { createRequire } from 'node:module';
import { builtinLoaded, loadedSince } from '../builtins-loaded.js';

const require = createRequire(import.meta.url);

let used: string | undefined;
let installed = false;

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
  const note = (args: unknown[]) => {
    if (used === undefined && counts(args) && isScenario()) used = `${label}.${name}()`;
  };
  const proxy = new Proxy(fn as (...a: unknown[]) => unknown, {
    apply(t, self, args: unknown[]) {
      note(args);
      return Reflect.apply(t, self, args);
    },
    construct(t, args: unknown[], target) {
      note(args);
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
