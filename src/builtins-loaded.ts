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

/** The last answer per names list, with the list's and the names' lengths it was made at. */
const answers = new WeakMap<readonly string[], { listed: number; names: number; loaded: string[] }>();

/**
 * Of `names` (not loaded when they were left unwrapped), those loaded since. The answer
 * changes only when the list grows (or `names` does), so it is made again only then:
 * a pool thread asks after every round.
 */
export const loadedSince = (names: readonly string[]): string[] => {
  if (names.length === 0) return [];
  const listed = list?.length ?? -1;
  const last = answers.get(names);
  if (last && last.listed === listed && last.names === names.length) return last.loaded.slice();
  const loaded = names.filter(builtinLoaded);
  answers.set(names, { listed, names: names.length, loaded });
  return loaded.slice();
};
