// The loop-only deadlock check asks what the scenario handed to other threads and has
// not had back (watch/off-loop-work.ts, offLoopWorkPending): each call is followed to
// its callback or promise, and the wrappers keep errors where they were. A module of its
// own: the state is per thread and the other file's calls leave it pending for good.
import 'node:crypto'; // loaded before the install (hoisted): wrapped
import 'node:zlib';
import { promisify } from 'node:util';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { installOffLoopTracking, offLoopWorkPending } from '../../../src/watch/off-loop-work.js';

const require = createRequire(import.meta.url);
installOffLoopTracking(() => true);
const crypto = require('node:crypto') as typeof import('node:crypto');
const zlib = require('node:zlib') as typeof import('node:zlib');

describe('off-loop work in flight', () => {
  it('follows each call to its end: in flight until its callback or promise comes back', async () => {
    expect(offLoopWorkPending()).toBeUndefined();
    const hash = () => new Promise<Buffer>((r, j) => crypto.pbkdf2('pw', 'salt', 1000, 16, 'sha256', (e, k) => (e ? j(e) : r(k))));
    const hashed = hash();
    expect(offLoopWorkPending()).toBe('crypto.pbkdf2() in flight');
    const both = [hashed, hash()];
    expect(offLoopWorkPending()).toBe('crypto.pbkdf2() in flight (2 calls)');
    expect(await Promise.all(both)).toHaveLength(2);
    expect(offLoopWorkPending()).toBeUndefined();
    const zipped = promisify(zlib.gzip)('z');
    expect(offLoopWorkPending()).toBe('zlib.gzip() in flight');
    expect((await promisify(zlib.gunzip)(await zipped)).toString()).toBe('z');
    expect(offLoopWorkPending()).toBeUndefined();
    const digest = crypto.webcrypto.subtle.digest('SHA-256', new Uint8Array(4));
    expect(offLoopWorkPending()).toBe('crypto.subtle.digest() in flight');
    expect((await digest).byteLength).toBe(32);
    expect(offLoopWorkPending()).toBeUndefined();
  });

  it('a call that throws at once is not left in flight; a rejection reaches the scenario, still unhandled if ignored', async () => {
    expect(() => crypto.pbkdf2('pw', 'salt', -1, 16, 'sha256', () => undefined)).toThrow();
    expect(offLoopWorkPending()).toBeUndefined();
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      void crypto.webcrypto.subtle.digest('NO-SUCH-HASH', new Uint8Array(4));
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toHaveLength(1);
    expect(offLoopWorkPending()).toBeUndefined();
  });

  it('a call whose end cannot be followed (a zlib stream) leaves the work pending for good', () => {
    zlib.createGzip().destroy();
    expect(offLoopWorkPending()).toBe('zlib.createGzip() (its work cannot be followed)');
  });

});
