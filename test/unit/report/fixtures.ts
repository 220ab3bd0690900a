// Hand-built results for the reporter tests: a pass, a lost update with two
// transitions, a deadlock with stacks, a scenario that could not run, and one
// scenario with a finding of every kind (starvation and error included).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Finding, RunResult, RunSettings, ScenarioResult } from '../../../src/result.js';

export const CWD = '/repo';
/** racecheck's own package root: its dist/ frames must be hidden from stacks. */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export const settings: RunSettings = {
  workers: 8,
  tasks: 4,
  opsPerRound: 50,
  durationMs: 5000,
  rounds: 200,
  yieldMaxUs: 200,
  yieldTurns: 4,
  bail: true,
  deadlockTimeoutMs: 2000,
  starvationThresholdMs: 200,
  scheduler: 'auto',
  shrinkMs: 2000,
};

export function passing(overrides: Partial<ScenarioResult> = {}): ScenarioResult {
  return {
    file: '/repo/scenarios/counter-fixed.ts',
    scenario: 'counter: Atomics.add',
    status: 'pass',
    seed: 1234,
    settings,
    rounds: 120,
    ops: 48_000,
    durationMs: 4000,
    findings: [],
    sides: [
      { kind: 'worker', actors: 8, ops: 40_000, transitions: 40_000, yields: 80_000, maxOpMs: 3.5 },
      { kind: 'task', actors: 4, ops: 8_000, transitions: 8_000, yields: 16_000, maxOpMs: 12 },
    ],
    replay: 'racecheck run scenarios/counter-fixed.ts --seed 1234',
    eventLoop: { maxMs: 14.2, p99Ms: 3.1 },
    ...overrides,
  };
}

export const lostUpdate: Finding = {
  kind: 'corruption',
  check: 'lost-update',
  message: 'version 41 entered twice: worker#2 and task#1 both ran increment from version 41',
  actors: [
    { name: 'worker#2', kind: 'worker', op: 'increment', label: 'after-read' },
    { name: 'task#1', kind: 'task', op: 'increment', label: 'after-read' },
  ],
  transitions: [
    { actor: 'worker#2', op: 'increment', from: 41, to: 42, checksumBefore: 0x12c, checksumAfter: 0xdeadbeef },
    // A negative Int32 checksum must print as its unsigned 32-bit word.
    { actor: 'task#1', op: 'increment', from: 41, to: 42, checksumBefore: 0x12c, checksumAfter: -1 },
  ],
  location: { file: '/repo/scenarios/counter-buggy.ts', line: 14, column: 9 },
  round: 3,
  roundSeed: 998877,
};

export function corrupted(overrides: Partial<ScenarioResult> = {}): ScenarioResult {
  return passing({
    file: '/repo/scenarios/counter-buggy.ts',
    scenario: 'counter: load/store increment',
    status: 'fail',
    rounds: 3,
    ops: 1200,
    durationMs: 600,
    findings: [lostUpdate],
    replay: 'racecheck run scenarios/counter-buggy.ts --seed 1234 --round 3',
    ...overrides,
  });
}

const ownFrame = `    at Engine.runRound (${PACKAGE_ROOT}/dist/engine/round.js:88:13)`;

export const deadlock: Finding = {
  kind: 'deadlock',
  check: 'wait-cycle',
  message: 'no actor completed an op for 2.0 s: worker#0 holds A and waits for B, task#0 holds B and waits for A',
  actors: [
    {
      name: 'worker#0', kind: 'worker', op: 'lockAB', label: 'holding A, waiting B', stuckMs: 2100, state: 'Atomics.wait',
      stack: [
        'Error: stuck',
        '    at SharedMutex.lock (file:///repo/node_modules/racecheck/dist/primitives/mutex.js:40:7)',
        '    at lockAB (file:///repo/scenarios/deadlock-buggy.ts:21:11)',
        ownFrame,
        '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
      ].join('\n'),
    },
    {
      name: 'task#0', kind: 'task', op: 'lockBA', label: 'holding B, waiting A', stuckMs: 2050,
      stack: 'Error: stuck\n    at lockBA (/repo/scenarios/deadlock-buggy.ts:30:5)\n    at async Promise.all (index 0)',
    },
  ],
  stack: [
    'Error: main thread blocked',
    '    at Atomics.wait (<anonymous>)',
    '    at lockBA (/repo/scenarios/deadlock-buggy.ts:31:7)',
    ownFrame,
    '    at node:internal/main/run_main_module:28:49',
  ].join('\n'),
  details: ['wait-for cycle: worker#0 -> B (task#0) -> A (worker#0)'],
  location: { file: '/repo/scenarios/deadlock-buggy.ts', line: 21 },
  round: 0,
  roundSeed: 42,
};

export function deadlocked(): ScenarioResult {
  return passing({
    file: '/repo/scenarios/deadlock-buggy.ts',
    scenario: 'locks in opposite order',
    status: 'fail',
    rounds: 1,
    ops: 10,
    durationMs: 2300,
    findings: [deadlock],
    replay: 'racecheck run scenarios/deadlock-buggy.ts --seed 1234 --round 0',
    eventLoop: undefined,
  });
}

export function errored(): ScenarioResult {
  return passing({
    file: '/repo/scenarios/broken.ts',
    scenario: 'broken.ts',
    status: 'error',
    rounds: 0,
    ops: 0,
    durationMs: 30,
    sides: [],
    findings: [],
    replay: 'racecheck run scenarios/broken.ts --seed 1234',
    error: "scenarios/broken.ts:3:7: SyntaxError: Unexpected token '<'",
    eventLoop: undefined,
  });
}

export const loopBlocked: Finding = {
  kind: 'starvation',
  check: 'loop-blocked',
  message: 'main event loop blocked for 1.2 s: a blocking SharedMutex.lockSync() on the main thread while worker#1 held it',
  actors: [
    { name: 'main', kind: 'main', stuckMs: 1200, stack: 'Error: blocked\n    at lockSync (/repo/scenarios/starve-buggy.ts:9:3)' },
    { name: 'worker#1', kind: 'worker', op: 'hold', label: 'holding', state: 'running' },
  ],
  stack: 'Error: blocked\n    at Atomics.wait (<anonymous>)\n    at lockSync (/repo/scenarios/starve-buggy.ts:9:3)',
  details: ['event-loop delay: max 1.2 s, p99 900 ms', 'lock wait p50 2 ms, p99 1.1 s'],
  location: { file: '/repo/scenarios/starve-buggy.ts', line: 9, column: 3 },
  round: 7,
  roundSeed: 4_000_000_001,
  // A later round's finding (--no-bail) carries its own replay command.
  replay: 'racecheck run scenarios/everything-buggy.ts --seed 1234 --round 7',
};

export const thrown: Finding = {
  kind: 'error',
  check: 'exception',
  message: "TypeError: Cannot read properties of undefined (reading 'next')",
  actors: [{ name: 'task#2', kind: 'task', op: 'pop', label: 'after-shift' }],
  stack: "TypeError: Cannot read properties of undefined (reading 'next')\n    at pop (/repo/scenarios/everything-buggy.ts:17:20)",
  location: { file: '/repo/scenarios/everything-buggy.ts', line: 17, column: 20 },
  round: 9,
  roundSeed: 5,
  details: [],
  transitions: [],
};

/** --no-bail: one finding of every kind, each from its own round. */
export function everyKind(overrides: Partial<ScenarioResult> = {}): ScenarioResult {
  return passing({
    file: '/repo/scenarios/everything-buggy.ts',
    scenario: 'queue: every kind of bug',
    status: 'fail',
    settings: { ...settings, bail: false, rounds: undefined, round: undefined },
    rounds: 9,
    ops: 3600,
    durationMs: 5000,
    findings: [lostUpdate, deadlock, loopBlocked, thrown],
    replay: 'racecheck run scenarios/everything-buggy.ts --seed 1234 --round 3',
    ...overrides,
  });
}

export function run(scenarios: ScenarioResult[], overrides: Partial<RunResult> = {}): RunResult {
  const statuses = scenarios.map((s) => s.status);
  const status = statuses.includes('error') ? 'error' : statuses.includes('fail') ? 'fail' : 'pass';
  return { status, scenarios, durationMs: 7100, errors: [], ...overrides };
}

export const mixedRun = (): RunResult => run([passing(), corrupted(), deadlocked(), errored()]);
