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
