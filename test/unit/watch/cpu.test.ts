import { describe, expect, it } from 'vitest';
import { looksDescheduled, readMainThread } from '../../../src/watch/cpu.js';

describe('looksDescheduled', () => {
  it('runnable with no CPU during the stall: the machine, not the scenario', () => {
    expect(looksDescheduled({ state: 'R', cpuMs: 1010 }, 1000, 300)).toBe(true);
    expect(looksDescheduled({ state: 'R', cpuMs: 1000 }, 1000, 300)).toBe(true);
  });
  it('runnable and burning CPU, even a small share of a loaded machine: a busy loop', () => {
    expect(looksDescheduled({ state: 'R', cpuMs: 1250 }, 1000, 300)).toBe(false);
    expect(looksDescheduled({ state: 'R', cpuMs: 1040 }, 1000, 200)).toBe(false);
  });
  it('sleeping in the kernel (Atomics.wait, a sync syscall): blocked by the scenario', () => {
    expect(looksDescheduled({ state: 'S', cpuMs: 1000 }, 1000, 300)).toBe(false);
    expect(looksDescheduled({ state: 'D', cpuMs: 1000 }, 1000, 300)).toBe(false);
  });
  it('unknown (no /proc): never excuses a stall', () => {
    expect(looksDescheduled(undefined, 1000, 300)).toBe(false);
    expect(looksDescheduled({ state: 'R', cpuMs: 0 }, undefined, 300)).toBe(false);
  });
});

describe.runIf(process.platform === 'linux')('readMainThread', () => {
  it('reads this process main thread from /proc', () => {
    const t = readMainThread();
    expect(t?.state).toMatch(/^[RSDTZI]$/);
    expect(t!.cpuMs).toBeGreaterThanOrEqual(0);
  });
});
