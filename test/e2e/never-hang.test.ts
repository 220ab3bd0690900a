// Whatever a scenario does, the run ends within its budget plus a short grace, with a
// report, a failing exit code, and nothing left running: no run process, no thread
// parked in a native call, no child process such a thread was waiting for.
//
// Budget here: --duration 3s, --deadlock-timeout 2s. The watchdog ends a stuck run
// about the deadlock timeout after it got stuck; the supervisor's last resort kills
// at duration + deadlock timeout + 5 s. BOUND_MS adds process start-up and a loaded
// machine on top: a generous upper bound, not a benchmark.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT } from './helpers.js';
import { findingsOf, leftovers, runJson } from './watch-helpers.js';

// A seed no other run on this machine uses: leftover checks match it in command lines.
const SEED = '314159';
const BUDGET = ['--duration', '3s', '--deadlock-timeout', '2s', '--seed', SEED];
const BOUND_MS = 3_000 + 2_000 + 5_000 + 5_000;

async function hang(fixture: string) {
  const file = `test/fixtures/hang/${fixture}.ts`;
  const r = await runJson(['run', file, ...BUDGET], BOUND_MS + 10_000);
  expect(await leftovers(`hang/${fixture}\\.ts.*${SEED}`), 'a run process outlived the CLI').toEqual([]);
  return r;
}

describe('a run never hangs and never passes', () => {
  it('main thread blocked forever in Atomics.wait: starvation, then deadlock with the blocking line', async () => {
    const r = await hang('main-atomics-wait');
    expect(r.code).toBe(1);
    expect(r.ms).toBeLessThan(BOUND_MS);
    const checks = findingsOf(r).map((f) => `${f.kind}/${f.check}`);
    expect(checks).toEqual(['starvation/loop-blocked', 'deadlock/deadlock']);
    for (const f of findingsOf(r)) expect(f.stack).toContain('main-atomics-wait.ts:12:');
  }, 60_000);

  it('main thread in a busy loop forever', async () => {
    const r = await hang('main-busy');
    expect(r.code).toBe(1);
    expect(r.ms).toBeLessThan(BOUND_MS);
    const deadlock = findingsOf(r).find((f) => f.kind === 'deadlock')!;
    expect(deadlock.message).toContain('the main thread has been blocked');
    expect(deadlock.stack).toContain('main-busy.ts:13:');
    expect(deadlock.actors.map((a) => a.name)).toEqual(['main', 'task#1', 'task#2']);
  }, 60_000);

  it('a worker blocked forever', async () => {
    const r = await hang('worker-wait');
    expect(r.code).toBe(1);
    expect(r.ms).toBeLessThan(BOUND_MS);
    expect(findingsOf(r).map((f) => f.check)).toEqual(['deadlock']);
  }, 60_000);

  it('a worker stuck in a native call: reported, the process killed, the child process it waited for too', async () => {
    const r = await hang('worker-native');
    expect(r.code).toBe(1);
    expect(r.ms).toBeLessThan(BOUND_MS);
    const f = findingsOf(r)[0]!;
    expect(f).toMatchObject({ kind: 'deadlock', check: 'deadlock' });
    expect(f.actors[0]).toMatchObject({ name: 'worker#1', op: 'sleep', label: 'in execSync' });
    expect(f.actors[0]!.state).toContain('native call');
    expect(await leftovers('sleep 987\\.654')).toEqual([]);
  }, 60_000);

  it.each([
    ['op-exit', /exit code 0/],
    ['op-abort', /signal SIGABRT/],
    ['worker-exit', /worker thread failed/],
    ['setup-exit', /exit code 0/],
    ['setup-abort', /signal SIGABRT/],
  ])('%s: process.exit()/abort() is a failure with a report', async (fixture, why) => {
    const r = await hang(fixture);
    expect(r.code).toBe(1);
    expect(r.ms).toBeLessThan(BOUND_MS);
    const f = findingsOf(r);
    expect(f.length).toBeGreaterThan(0);
    expect(f.map((x) => x.message).join('\n')).toMatch(why);
  }, 60_000);

  it('an endless loop in setup(): a timeout finding pointing into setup', async () => {
    const r = await hang('setup-loop');
    expect(r.code).toBe(1);
    expect(r.ms).toBeLessThan(BOUND_MS);
    const f = findingsOf(r)[0]!;
    expect(f).toMatchObject({ kind: 'deadlock', check: 'timeout' });
    expect(f.message).toContain('in setup()/attach()');
    expect(f.stack).toContain('setup-loop.ts:6:');
  }, 60_000);

  it('an endless loop at module top level: the file cannot load (exit 2), said within seconds', async () => {
    const r = await hang('import-loop');
    expect(r.code).toBe(2);
    expect(r.ms).toBeLessThan(BOUND_MS);
    expect(r.scenarios.map((x) => x.error).join('\n')).toMatch(/import-loop\.ts: loading the scenario file has blocked the main thread for \d/);
  }, 60_000);
});

/** Spawns the CLI, sends SIGINT 1.5 s after `ready` shows on stdout, resolves on exit. */
function interrupt(args: string[], ready: string): Promise<{ code: number | null; stdout: string; afterSignalMs: number }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    delete env.FORCE_COLOR;
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let armed = false;
    let sentAt = 0;
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (armed || !stdout.includes(ready)) return;
      armed = true;
      setTimeout(() => {
        sentAt = performance.now();
        child.kill('SIGINT');
      }, 1500);
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, afterSignalMs: sentAt ? performance.now() - sentAt : Infinity });
    });
  });
}

describe('Ctrl-C', () => {
  it('prints a partial report, cleans up and exits 130', async () => {
    const r = await interrupt(['run', 'scenarios/counter-fixed.ts', '--duration', '60s', '--seed', SEED], 'budget');
    expect(r.code).toBe(130);
    expect(r.stdout).toMatch(/INTERRUPTED/);
    expect(r.stdout).toMatch(/rounds? \|/); // the partial summary
    expect(r.afterSignalMs).toBeLessThan(5_000);
    expect(await leftovers(`counter-fixed\\.ts.*${SEED}`)).toEqual([]);
  }, 60_000);

  it('ends a run whose main thread is blocked, too', async () => {
    const r = await interrupt(['run', 'test/fixtures/hang/main-busy.ts', '--duration', '60s', '--deadlock-timeout', '60s', '--seed', SEED], 'budget');
    expect(r.code).toBe(130);
    // The blocked main thread is named either way: by the watchdog's loop-blocked finding
    // or, when Ctrl-C came before the watchdog reported (a loaded machine), by the
    // supervisor's finding for the run it had to kill.
    expect(r.stdout).toMatch(/loop-blocked|the main thread is blocked/);
    expect(r.afterSignalMs).toBeLessThan(10_000);
    expect(await leftovers(`hang/main-busy\\.ts.*${SEED}`)).toEqual([]);
  }, 60_000);
});
