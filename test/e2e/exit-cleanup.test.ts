// What the supervisor's exit listener (engine/exit-cleanup.ts) undoes when its process
// exits in the middle of a run: here a bundle folder, in a process of its own.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dist = (p: string) => new URL(`../../dist/engine/${p}`, import.meta.url).href;

/** A process that makes a bundle folder and exits without removing it; prints the folder. */
function exitMidRun(install: boolean): string {
  const script = `
    const { bundleFolder } = await import(${JSON.stringify(dist('run-end.js'))});
    const { cleanUpOnExit } = await import(${JSON.stringify(dist('exit-cleanup.js'))});
    ${install ? 'cleanUpOnExit();' : ''}
    console.log(bundleFolder().dir);
    process.exit(0);
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.trim();
}

describe('exit cleanup', () => {
  it('removes the bundle folders of a run the process exits in the middle of', () => {
    const dir = exitMidRun(true);
    expect(dir).toMatch(/racecheck-/);
    expect(existsSync(dir)).toBe(false);
  });

  it('is not installed by importing the modules (the folder stays)', () => {
    const dir = exitMidRun(false);
    try {
      expect(existsSync(dir)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
