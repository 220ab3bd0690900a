// Which of Node's own modules this thread has loaded. Wrapping a module to watch it
// (watch/wake-sources.ts, watch/off-loop-work.ts) costs its load when nobody loaded it
// yet: ~10 ms per pool thread for net, dgram, child_process, crypto, zlib and dns,
// which a scenario rarely uses. A module that is not loaded cannot have been called, so
// such a module is left alone and only watched for its first load (a later load is no
// longer watchable: whoever counts on the wrapper then assumes the worst).
const list = (process as unknown as { moduleLoadList?: string[] }).moduleLoadList;

/** Whether `name` ('zlib', 'dns/promises') is loaded on this thread; unknown (no list) counts as loaded. */
export const builtinLoaded = (name: string): boolean => !list || list.includes(`NativeModule ${name}`);

/** Of `names` (not loaded when they were left unwrapped), those loaded since. */
export const loadedSince = (names: readonly string[]): string[] => names.filter(builtinLoaded);
