// Which of Node's own modules this thread has loaded. Wrapping a module to watch it
// (watch/wake-sources.ts, watch/off-loop-work.ts) costs its load when nobody loaded it
// yet: ~10 ms per pool thread for net, dgram, child_process, crypto, zlib and dns,
// which a scenario rarely uses. A module that is not loaded cannot have been called, so
// such a module is left alone and only watched for its first load (a later load is no
// longer watchable: whoever counts on the wrapper then assumes the worst).
const list = (process as unknown as { moduleLoadList?: string[] }).moduleLoadList;

/**
 * The list, as a set, read up to `scanned`: Node only ever appends to it, and a pool
 * thread asks after every round (engine/settle.ts leftBehind), where a scan of its
 * few hundred entries per module cost ~4 µs a call.
 */
const loaded = new Set<string>();
let scanned = 0;

/** Whether `name` ('zlib', 'dns/promises') is loaded on this thread; unknown (no list) counts as loaded. */
export const builtinLoaded = (name: string): boolean => {
  if (!list) return true;
  for (; scanned < list.length; scanned++) loaded.add(list[scanned]!);
  return loaded.has(`NativeModule ${name}`);
};

/** Of `names` (not loaded when they were left unwrapped), those loaded since. */
export const loadedSince = (names: readonly string[]): string[] => names.filter(builtinLoaded);
