import { describe, expect, it } from 'vitest';
import { blamesUser, inAsyncSpawn } from '../../../src/watch/blame.js';

const own = ['/pkg/dist/', '/pkg/src/'];

describe('blamesUser', () => {
  it('blames the scenario for a frame of its own code', () => {
    expect(blamesUser('    at Atomics.wait (<anonymous>)\n    at Array.append (/repo/scenarios/x.ts:38:45)\n    at runActor (file:///pkg/dist/engine/actor.js:1:1)', own)).toBe(true);
  });

  it('does not blame it for racecheck, Node internals or frames without a file', () => {
    const stack = [
      '    at get size [as size] (<anonymous>)',
      '    at LedgerValidator.add (file:///pkg/dist/check/ledger.js:58:29)',
      '    at file:///pkg/dist/engine/round.js:92:38',
      '    at listOnTimeout (node:internal/timers:581:17)',
      '    at async Promise.all (index 6)',
    ].join('\n');
    expect(blamesUser(stack, own)).toBe(false);
    expect(blamesUser(undefined, own)).toBe(false);
  });
});

describe('blamesUser with the default own directories', () => {
  it("counts racecheck's runtime dependencies (piscina) as racecheck's own", async () => {
    const { createRequire } = await import('node:module');
    const piscina = createRequire(import.meta.url).resolve('piscina');
    const stack = [
      '    at get size [as size] (<anonymous>)',
      `    at WorkerInfo.currentUsage (${piscina}:170:74)`,
      '    at node:internal/process/task_queues:140:7',
    ].join('\n');
    expect(blamesUser(stack)).toBe(false);
    expect(blamesUser(`${stack}\n    at op (/somewhere/scenarios/x.ts:3:1)`)).toBe(true);
  });
});

describe('inAsyncSpawn', () => {
  const spawnTop = [
    '    at new WritableState (node:internal/streams/writable:307:3)',
    '    at new Socket (node:net:414:17)',
    '    at createSocket (node:internal/child_process:335:14)',
    '    at ChildProcess.spawn (node:internal/child_process:450:23)',
    '    at spawn (node:child_process:762:9)',
    '    at execFile (node:child_process:351:17)',
    '    at echo (/repo/test/controls/child-process.ts:17:32)',
  ].join('\n');

  it('is the forking part of an async spawn (execFile), from the top of the stack', () => {
    expect(inAsyncSpawn(spawnTop)).toBe(true);
  });

  it('is not a sync spawn, nor a spawn below the scenario\'s own frames', () => {
    expect(inAsyncSpawn('    at spawnSync (node:child_process:870:24)\n    at execSync (node:child_process:950:15)\n    at op (/repo/s.ts:3:1)')).toBe(false);
    expect(inAsyncSpawn(`    at busy (/repo/s.ts:9:1)\n${spawnTop}`)).toBe(false);
    expect(inAsyncSpawn(undefined)).toBe(false);
  });
});
