// Which of Node's own modules this thread has loaded: read from process.moduleLoadList,
// cached as a set that must follow the list as it grows.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { builtinLoaded, loadedSince } from '../../src/builtins-loaded.js';

const require = createRequire(import.meta.url);

describe('builtinLoaded', () => {
  it('knows what is loaded, and sees a module loaded after an earlier answer', () => {
    expect(builtinLoaded('fs')).toBe(true);
    expect(builtinLoaded('no-such-module')).toBe(false);
    const before = builtinLoaded('trace_events');
    expect(loadedSince(['trace_events'])).toEqual(before ? ['trace_events'] : []);
    require('node:trace_events');
    expect(builtinLoaded('trace_events')).toBe(true);
    expect(loadedSince(['trace_events', 'no-such-module'])).toEqual(['trace_events']);
  });
});

describe('loadedSince', () => {
  it('answers the same list again after a module loads and after the list grows (its cached answer follows both)', () => {
    const unloaded = ['dgram', 'cluster', 'domain', 'repl', 'readline'].filter((m) => !builtinLoaded(m));
    expect(unloaded.length).toBeGreaterThanOrEqual(2);
    const [first, second] = unloaded as [string, string];
    const names = [first];
    expect(loadedSince(names)).toEqual([]);
    expect(loadedSince(names)).toEqual([]); // the cached answer
    require(`node:${first}`);
    expect(loadedSince(names)).toEqual([first]);
    names.push(second);
    require(`node:${second}`);
    expect(loadedSince(names)).toEqual([first, second]);
    names.push('fs'); // the list grows, the module list does not
    expect(loadedSince(names)).toEqual([first, second, 'fs']);
    // A caller's change to the answer is not the cache's.
    loadedSince(names).pop();
    expect(loadedSince(names)).toEqual([first, second, 'fs']);
  });
});
