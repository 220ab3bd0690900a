// Work handed to threads the resource list never shows is noted once the scenario
// calls it; the wrappers keep each API working as before (promisify, instanceof). A
// module nobody had loaded is not wrapped, only watched for a load.
import 'node:crypto'; // loaded before the install (hoisted): these two are wrapped
import 'node:zlib';
import { promisify } from 'node:util';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { installOffLoopTracking, offLoopWorkUsed } from '../../../src/watch/off-loop-work.js';
import { builtinLoaded } from '../../../src/builtins-loaded.js';

const require = createRequire(import.meta.url);
const dnsBefore = builtinLoaded('dns');
let scenario = false;
installOffLoopTracking(() => scenario);
const crypto = require('node:crypto') as typeof import('node:crypto');
const zlib = require('node:zlib') as typeof import('node:zlib');

describe('off-loop work', () => {
  it("leaves racecheck's own calls and the synchronous forms unnoted", async () => {
    const pair = await promisify(crypto.generateKeyPair)('ed25519');
    expect(Object.keys(pair).sort()).toEqual(['privateKey', 'publicKey']); // the custom promisify survives
    scenario = true;
    expect(crypto.randomBytes(8)).toHaveLength(8);
    expect(zlib.gunzipSync(zlib.gzipSync('x')).toString()).toBe('x');
    expect(offLoopWorkUsed()).toBeUndefined();
  });

  it.runIf(!dnsBefore)('names a module of them loaded after the install', () => {
    require('node:dns');
    expect(offLoopWorkUsed()).toContain('node:dns');
  });

  it("notes the scenario's first asynchronous call, and the APIs still work", async () => {
    const key = await promisify(crypto.pbkdf2)('pw', 'salt', 1, 16, 'sha256');
    expect(key).toHaveLength(16);
    expect(offLoopWorkUsed()).toBe('crypto.pbkdf2()');
    expect(zlib.createGzip()).toBeInstanceOf(zlib.Gzip);
    expect((await promisify(zlib.gunzip)(await promisify(zlib.gzip)('y'))).toString()).toBe('y');
  });
});
