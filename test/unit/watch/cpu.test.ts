import { describe, expect, it } from 'vitest';
import { judgeStall, readMainThread } from '../../../src/watch/cpu.js';

describe('judgeStall', () => {
  it('runnable with less CPU than the threshold since its last beat: not yet evidence (a loaded machine)', () => {
    expect(judgeStall({ state: 'R', cpuMs: 1010 }, 1000, 200, false)).toBe('wait');
    expect(judgeStall({ state: 'R', cpuMs: 1040 }, 1000, 200, false)).toBe('wait'); // a 20 % share of a 200 ms stall
  });
  it('runnable and having burnt the threshold\'s worth of CPU: a busy loop on the main thread', () => {
    expect(judgeStall({ state: 'R', cpuMs: 1200 }, 1000, 200, false)).toBe('block');
    expect(judgeStall({ state: 'R', cpuMs: 1190 }, 1000, 200, false)).toBe('block'); // one clock tick short
  });
  it('asleep in the kernel (Atomics.wait, a sync syscall) on two looks in a row: blocked by the scenario', () => {
    expect(judgeStall({ state: 'S', cpuMs: 1000 }, 1000, 200, false)).toBe('wait');
    expect(judgeStall({ state: 'S', cpuMs: 1000 }, 1000, 200, true)).toBe('block');
    expect(judgeStall({ state: 'D', cpuMs: 1000 }, 1000, 200, true)).toBe('block');
  });
  it('unknown (no /proc): the plain check', () => {
    expect(judgeStall(undefined, 1000, 200, false)).toBe('block');
    expect(judgeStall({ state: 'R', cpuMs: 0 }, undefined, 200, false)).toBe('block');
  });
});

describe.runIf(process.platform === 'linux')('readMainThread', () => {
  it('reads this process main thread from /proc', () => {
    const t = readMainThread();
    expect(t?.state).toMatch(/^[RSDTZI]$/);
    expect(t!.cpuMs).toBeGreaterThanOrEqual(0);
  });
});
