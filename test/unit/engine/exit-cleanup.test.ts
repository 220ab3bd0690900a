// The supervisor's 'exit' listener is installed by whoever starts run processes, never
// by importing a module (a program that only imports racecheck gets none of ours).
import { describe, expect, it } from 'vitest';

describe('cleanUpOnExit', () => {
  it('importing the engine registers no exit listener; the call registers one, once', async () => {
    const before = process.listenerCount('exit');
    await import('../../../src/engine/supervisor.js');
    await import('../../../src/engine/spawn.js');
    await import('../../../src/engine/reap.js');
    await import('../../../src/engine/run-end.js');
    const { cleanUpOnExit } = await import('../../../src/engine/exit-cleanup.js');
    expect(process.listenerCount('exit')).toBe(before);
    cleanUpOnExit();
    cleanUpOnExit();
    expect(process.listenerCount('exit')).toBe(before + 1);
  });
});
