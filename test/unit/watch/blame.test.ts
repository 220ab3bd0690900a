import { describe, expect, it } from 'vitest';
import { blamesUser } from '../../../src/watch/blame.js';

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
