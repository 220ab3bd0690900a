// `racecheck run ... | head`: the reader closes stdout after a few lines. racecheck
// prints no stack dump for the closed pipe and still exits with its verdict's code.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT } from './helpers.js';

function runIntoClosedPipe(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    // stdout is a pipe whose reader goes away after the first chunk, as head's does.
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.once('data', () => child.stdout.destroy());
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('stdout closed by its reader', () => {
  it.each([
    ['a finding', 'scenarios/counter-buggy.ts', 1],
    ['a clean run', 'scenarios/counter-fixed.ts', 0],
  ] as const)('%s: no stack dump, the verdict\'s exit code', async (_, file, code) => {
    const run = await runIntoClosedPipe(['run', file, '--seed', '1', '--duration', '1s', '--reporter', 'default']);
    expect(run.stderr).not.toMatch(/EPIPE|at .*\.js:\d+/);
    expect(run.code).toBe(code);
  }, 60_000);
});
