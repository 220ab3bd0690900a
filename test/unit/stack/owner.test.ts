import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseFrame } from '../../../src/stack/frames.js';
import { frameOwner, ownDirs } from '../../../src/stack/owner.js';
import { locate } from '../../../src/stack/locate.js';

const own = ['/pkg/dist/', '/pkg/src'];
const owner = (line: string, dirs: readonly string[] = own) => frameOwner(parseFrame(line), dirs);

describe('frameOwner: the one definition of racecheck frames', () => {
  it('sorts frames into node, racecheck, library and user', () => {
    expect(owner('at Atomics.wait (<anonymous>)')).toBe('node');
    expect(owner('at listOnTimeout (node:internal/timers:581:17)')).toBe('node');
    expect(owner('at runActor (file:///pkg/dist/engine/actor.js:1:1)')).toBe('racecheck');
    expect(owner('at judge (/pkg/src/check/invariant.ts:3:3)')).toBe('racecheck');
    expect(owner('at lock (/repo/node_modules/async-mutex/lib/Mutex.js:4:4)')).toBe('library');
    expect(owner('at op (/repo/scenarios/x.ts:5:5)')).toBe('user');
    expect(owner('at op (C:\\repo\\node_modules\\p\\i.js:5:5)')).toBe('library');
  });

  it('matches whole directories: /pkg/srcx is not /pkg/src', () => {
    expect(owner('at f (/pkg/srcx/a.ts:1:1)')).toBe('user');
  });

  it("counts this package's dist/ and src/ and piscina as racecheck's by default", () => {
    const src = fileURLToPath(new URL('../../../src/engine/round.ts', import.meta.url));
    const piscina = createRequire(import.meta.url).resolve('piscina');
    expect(owner(`at runRound (${src}:1:1)`, ownDirs())).toBe('racecheck');
    expect(owner(`at WorkerInfo.currentUsage (${piscina}:170:74)`, ownDirs())).toBe('racecheck');
    expect(owner('at op (/somewhere/scenarios/x.ts:3:1)', ownDirs())).toBe('user');
  });
});

describe('locate', () => {
  const src = fileURLToPath(new URL('../../../src/engine/actor.ts', import.meta.url));
  const stack = [
    'Error: boom',
    `    at ActorCtx.transition (${src}:120:7)`,
    '    at helper (/repo/lib/helper.js:2:2)',
    '    at lock (/repo/node_modules/m/i.js:3:3)',
    '    at op (file:///repo/scenarios/bank.ts:14:9)',
    '    at node:internal/process/task_queues:95:5',
  ].join('\n');

  it('prefers the scenario file, then the first user frame', () => {
    expect(locate(stack, '/repo/scenarios/bank.ts')).toEqual({ file: '/repo/scenarios/bank.ts', line: 14, column: 9 });
    expect(locate(stack, '/repo/scenarios/other.ts')).toEqual({ file: '/repo/lib/helper.js', line: 2, column: 2 });
  });

  it('finds nothing in racecheck, library and node frames alone', () => {
    expect(locate(`Error\n    at f (${src}:1:1)\n    at g (/r/node_modules/m/i.js:1:1)\n    at Atomics.wait (<anonymous>)`, '/r/x.ts')).toBeUndefined();
  });
});
