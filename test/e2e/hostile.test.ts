// Hostile scenarios and input (issue 9): whatever a scenario does, racecheck ends
// within its budget plus grace, leaves no process and no bundle folder behind, and
// says what happened: a finding (exit 1), or one line (exit 2). Every test checks the
// exit code, the wall time against the budget, the lines racecheck printed and, by
// PID, that nothing it started is left (test/e2e/hostile-helpers.ts).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';
import { errorLines, findings, hostile, jsonOf, racecheckLines, type Run } from './hostile-helpers.js';

const H = 'test/fixtures/hostile';
const SEED = '4242';
const BUDGET = ['--duration', '2s', '--deadlock-timeout', '2s', '--seed', SEED];
/** duration + deadlock timeout + the supervisor's grace (5 s) + start-up on a loaded machine. */
const BOUND_MS = 2_000 + 2_000 + 5_000 + 8_000;

/** Nothing the run started is left: no process (by PID), no bundle folder. */
function clean(r: Run): void {
  expect(r.left, 'processes left running').toEqual([]);
  expect(r.bundles, 'bundle folders left').toEqual([]);
}

describe('processes a scenario starts die with the run', () => {
  it.each([['inherit'], ['ignore']])('a detached child (stdio %s): the CLI ends, the child is killed and named in a warning', async (stdio) => {
    const r = await hostile(['run', `${H}/spawn-detached.ts`, ...BUDGET, '--json'], { env: { RC_STDIO: stdio } });
    expect(r.code).toBe(0);
    expect(r.ms).toBeLessThan(BOUND_MS);
    expect(r.pids).toHaveLength(2);
    expect(errorLines(r)).toEqual([]); // --json: the report alone, nothing on stderr
    clean(r);
    const [scenario] = jsonOf(r).files[0]!.scenarios;
    expect(scenario!.status).toBe('pass');
    expect(scenario!.warnings).toEqual([expect.stringMatching(new RegExp(`left a process running after the run \\(killed\\): ${r.pids[1]} sleep 861`))]);
  }, 60_000);

  it.each([['SIGTERM', 143], ['SIGHUP', 129]] as const)('%s to the CLI mid-run: exit %d, the run process and its child are gone', async (signal, exit) => {
    const r = await hostile(['run', `${H}/spawn-child.ts`, '--duration', '60s', '--seed', SEED], { signal });
    expect(r.code).toBe(exit);
    expect(r.ms).toBeLessThan(BOUND_MS);
    expect(r.pids).toHaveLength(2);
    // The scenario's own console line may be there; racecheck adds no error and no stack.
    expect(errorLines(r).filter((l) => l !== 'child started')).toEqual([]);
    clean(r);
  }, 60_000);
});

describe('odd thrown values are findings', () => {
  it('an op throwing Object.create(null): a readable exception finding, exit 1', async () => {
    const r = await hostile(['run', `${H}/throw-null-proto.ts`, ...BUDGET, '--json']);
    expect(r.code).toBe(1);
    expect(r.ms).toBeLessThan(BOUND_MS);
    expect(r.stderr).not.toMatch(/internal error/);
    const [f] = findings(r);
    expect(f).toMatchObject({ kind: 'error', check: 'exception' });
    expect(f!.message).toBe("non-Error thrown: [Object: null prototype] { code: 'E_ODD' }");
    expect(errorLines(r)).toEqual([]);
    clean(r);
  }, 60_000);

  it('symbols, strings, objects whose toString throws, on workers and loop tasks', async () => {
    const r = await hostile(['run', `${H}/throw-values.ts`, ...BUDGET, '--no-bail', '--workers', '2', '--tasks', '2', '--json']);
    expect(r.code).toBe(1);
    expect(r.ms).toBeLessThan(BOUND_MS);
    expect(r.stderr).not.toMatch(/internal error/);
    const messages = new Set(findings(r).map((f) => f.message));
    expect(messages).toEqual(new Set(["non-Error thrown: 'plain string'", 'non-Error thrown: Symbol(odd)', 'non-Error thrown: { toString: [Function: toString] }']));
    expect(errorLines(r)).toEqual([]);
    clean(r);
  }, 60_000);
});

describe('a run process that dies', () => {
  it('a crash names its round, and its replay carries --round', async () => {
    const r = await hostile(['run', `${H}/op-crash.ts`, ...BUDGET, '--json']);
    expect(r.code).toBe(1);
    expect(r.ms).toBeLessThan(BOUND_MS);
    const crash = findings(r).find((f) => f.check === 'crash')!;
    expect(crash.round).toBe(3);
    expect(crash.message).toMatch(/signal SIGABRT\) in the middle of round 3/);
    expect(crash.replay).toMatch(/ --seed 4242 --round 3 /);
    expect(crash.message.split('\n')).toHaveLength(1);
    // stderr holds what V8 prints when a process aborts; racecheck itself adds no line.
    expect(racecheckLines(r)).toEqual([]);
    clean(r);
  }, 60_000);

  it('out of memory on the main thread is reported as out of memory', async () => {
    // The last full GCs before V8 gives up can block the main thread for seconds on a
    // loaded machine: a long deadlock timeout keeps the watchdog from ending it first.
    const r = await hostile(['run', `${H}/op-oom.ts`, '--duration', '2s', '--deadlock-timeout', '30s', '--seed', SEED, '--json'], { env: { NODE_OPTIONS: '--max-old-space-size=64' } });
    expect(r.code).toBe(1);
    expect(r.ms).toBeLessThan(BOUND_MS);
    const crash = findings(r).find((f) => f.check === 'crash')!;
    expect(crash.message).toMatch(/ran out of memory \(JavaScript heap out of memory\) in round 1/);
    expect(crash.message.split('\n')).toHaveLength(1);
    expect(racecheckLines(r)).toEqual([]); // V8's last GCs and stack are the run process's own
    clean(r);
  }, 60_000);

  it('a run process killed for a worker stuck in a native call leaves no bundle folder', async () => {
    const r = await hostile(['run', `${H}/killed-deadlock.ts`, ...BUDGET, '--json']);
    expect(r.code).toBe(1);
    expect(r.ms).toBeLessThan(BOUND_MS);
    // A deadlock, or an op stuck past the budget (depending on how soon it is judged): either way reported.
    expect(findings(r).map((f) => f.message).join('\n')).toMatch(/stuck|no actor completed/);
    expect(errorLines(r)).toEqual([]);
    clean(r);
  }, 60_000);
});

describe('signals the scenario sends itself', () => {
  it('SIGINT to its own process: a finding of the scenario (exit 1), not an interrupted run (130)', async () => {
    const r = await hostile(['run', `${H}/self-signal.ts`, ...BUDGET, '--json']);
    expect(r.code).toBe(1);
    expect(r.ms).toBeLessThan(BOUND_MS);
    const [f] = findings(r);
    // Sent in round 2; a signal is handled on a later turn of the event loop, and rounds
    // can be a single op long: it lands in round 2 or a little after.
    expect(f!.message).toMatch(/the run process received SIGINT during round \d+: sent by the scenario to its own process/);
    expect(f!.round).toBeGreaterThanOrEqual(2);
    expect(jsonOf(r).files[0]!.scenarios[0]!.status).toBe('fail');
    expect(errorLines(r)).toEqual([]);
    clean(r);
  }, 60_000);
});

describe('bad output targets: exit 2, one line, before the run', () => {
  it.each([
    ['/proc/nonexist/x.xml', /^racecheck: --output-file \/proc\/nonexist\/x\.xml: \/proc is a kernel file system \(proc\); expected a regular folder$/],
    ['/sys/x.xml', /^racecheck: --output-file \/sys\/x\.xml: \/sys is a kernel file system \(sys\); expected a regular folder$/],
    ['README.md/x.xml', /^racecheck: --output-file README\.md\/x\.xml: .*README\.md is a file, not a folder$/],
    ['test', /^racecheck: --output-file test: is a folder; expected a file path$/],
  ])('--output-file %s', async (target, message) => {
    // A 60 s budget: the error must come before the run, not after it.
    const r = await hostile(['run', 'scenarios/counter-fixed.ts', '--duration', '60s', '--seed', SEED, '--reporter', 'junit', '--output-file', target]);
    expect(r.code).toBe(2);
    expect(r.ms).toBeLessThan(8_000); // node start-up on a loaded machine; the check itself is a few stat calls
    expect(errorLines(r)).toHaveLength(1);
    expect(errorLines(r)[0]).toMatch(message);
    expect(r.stdout).toBe('');
    clean(r);
  }, 30_000);

  it('a missing folder is made, and the report lands there', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rc-out-'));
    const target = path.join(dir, 'a', 'b', 'rc.xml');
    const r = await hostile(['run', 'scenarios/counter-fixed.ts', '--duration', '1s', '--seed', SEED, '--reporter', 'junit', '--output-file', target]);
    expect(r.code).toBe(0);
    expect(r.ms).toBeLessThan(BOUND_MS);
    // Only a machine reporter: its summary goes to stderr, with no error line.
    expect(racecheckLines(r)).toEqual([]);
    expect(errorLines(r).at(-1)).toBe(`Reports   junit ${target}`);
    clean(r);
    expect(readFileSync(target, 'utf8')).toMatch(/^<\?xml/);
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);
});

describe('a FIFO as the output file', () => {
  function fifo(): { dir: string; path: string } {
    const dir = mkdtempSync(path.join(tmpdir(), 'rc-fifo-'));
    const p = path.join(dir, 'rc.xml');
    execFileSync('mkfifo', [p]);
    return { dir, path: p };
  }

  it('with no reader: exit 2, one line, before the run (writing to it would wait for ever)', async () => {
    const f = fifo();
    const r = await hostile(['run', 'scenarios/counter-fixed.ts', '--duration', '60s', '--seed', SEED, '--reporter', 'junit', '--output-file', f.path]);
    rmSync(f.dir, { recursive: true, force: true });
    expect(r.code).toBe(2);
    expect(r.ms).toBeLessThan(8_000);
    expect(errorLines(r)).toEqual([`racecheck: --output-file ${f.path}: a FIFO with no reader (writing would wait for ever); start its reader first`]);
    expect(r.stdout).toBe('');
    clean(r);
  }, 30_000);

  it('with a reader: the reader gets the whole report (not an early end of file from the check) and ends', async () => {
    const f = fifo();
    const reader = spawn('cat', [f.path], { stdio: ['ignore', 'pipe', 'ignore'] });
    let got = '';
    reader.stdout.setEncoding('utf8').on('data', (d: string) => (got += d));
    const ended = new Promise<number | null>((resolve) => reader.on('exit', resolve));
    await new Promise((res) => setTimeout(res, 300)); // cat opens the FIFO for reading
    const r = await hostile(['run', 'scenarios/counter-fixed.ts', '--duration', '1s', '--seed', SEED, '--reporter', 'junit', '--output-file', f.path]);
    const code = await Promise.race([ended, new Promise((res) => setTimeout(() => res('still running'), 5_000))]);
    if (code === 'still running') reader.kill('SIGKILL'); // by its PID: never left to the next test
    rmSync(f.dir, { recursive: true, force: true });
    expect(r.code, r.stderr).toBe(0);
    expect(r.ms).toBeLessThan(BOUND_MS);
    expect(racecheckLines(r)).toEqual([]);
    clean(r);
    expect(code).toBe(0);
    expect(got).toMatch(/^<\?xml[\s\S]*<\/testsuites>\s*$/);
  }, 30_000);
});

describe('loading has a time limit', () => {
  it('a config whose top level never finishes: exit 2, one line naming the file', async () => {
    const r = await hostile(['run', path.join(ROOT, 'scenarios/counter-fixed.ts'), ...BUDGET], { cwd: path.join(ROOT, H, 'config-hang') });
    expect(r.code).toBe(2);
    expect(r.ms).toBeLessThan(10_000 + 8_000);
    expect(errorLines(r)).toEqual(['racecheck: racecheck.config.mjs: cannot load: its top level did not finish in 10.0 s (an endless loop, or a wait that never ends?)']);
    expect(r.descendants.length, 'esbuild bundled the config: the tree walk saw it').toBeGreaterThan(0);
    clean(r);
  }, 40_000);

  it('a config that throws Object.create(null): exit 2, one readable line', async () => {
    const r = await hostile(['run', path.join(ROOT, 'scenarios/counter-fixed.ts'), ...BUDGET], { cwd: path.join(ROOT, H, 'config-throws') });
    expect(r.code).toBe(2);
    expect(r.ms).toBeLessThan(BOUND_MS);
    expect(errorLines(r)).toEqual(['racecheck: racecheck.config.mjs: cannot load: non-Error thrown: [Object: null prototype] {}']);
    clean(r);
  }, 40_000);

  it('an endless loop in attach() on a worker: a finding naming attach, with the stuck line, within the bound', async () => {
    const r = await hostile(['run', `${H}/worker-attach-loop.ts`, ...BUDGET, '--reporter', 'json']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.ms).toBeLessThan(BOUND_MS);
    type Report = { files: { scenarios: { findings: { actors: { label?: string; stack?: string }[] }[] }[] }[] };
    const findings = (JSON.parse(r.stdout) as Report).files[0]!.scenarios[0]!.findings;
    expect(findings).toHaveLength(1);
    const actor = findings[0]!.actors.find((a) => a.label === 'in attach()');
    expect(actor, JSON.stringify(findings[0])).toBeDefined();
    expect(actor!.stack).toMatch(/attach \(.*worker-attach-loop\.ts:11:\d+\)/);
    expect(errorLines(r)).toEqual([]);
    clean(r);
  }, 60_000);

  it('an endless loop at module top level that only worker threads run: exit 2, one line naming the file, the phase and the stuck line', async () => {
    const r = await hostile(['run', `${H}/worker-import-loop.ts`, ...BUDGET]);
    expect(r.code).toBe(2);
    expect(r.ms).toBeLessThan(20_000 + 500 + 10_000); // the limit for one worker thread, plus start-up
    expect(errorLines(r)).toHaveLength(1);
    expect(errorLines(r)[0]).toMatch(/^racecheck: test\/fixtures\/hostile\/worker-import-loop\.ts: importing the scenario on a worker thread did not finish in 20\.5 s.*; a worker thread is stuck at test\/fixtures\/hostile\/worker-import-loop\.ts:7:\d+$/);
    clean(r);
  }, 60_000);
});
