import { describe, expect, it } from 'vitest';
import { renderHeader, renderScenario, renderSummary } from '../../../src/report/default.js';
import { CWD, corrupted, deadlocked, errored, mixedRun, passing, run, settings, thrown } from './fixtures.js';

const plain = { color: false, cwd: CWD };

describe('renderHeader', () => {
  it('names the scenario, file, seed, actors and budget', () => {
    const text = renderHeader(corrupted(), plain);
    expect(text).toContain('counter: load/store increment');
    expect(text).toContain('scenarios/counter-buggy.ts');
    expect(text).not.toContain('/repo/');
    expect(text).toContain('1234');
    expect(text).toContain('8 workers, 4 tasks, up to 50 ops per round'); // sized to op time: no --ops
    expect(text).toContain('5.0 s or 200 rounds, whichever comes first');
  });

  it('says which actor counts the scenario fixes (a flag does not change them)', () => {
    const text = renderHeader({ ...corrupted(), fixed: { tasks: true } }, plain);
    expect(text).toContain('8 workers, 4 tasks (fixed by the scenario), up to 50 ops per round');
  });

  it('says when only one round is replayed', () => {
    const text = renderHeader({ ...corrupted(), settings: { ...settings, round: 3 } }, plain);
    expect(text).toContain('round 3 only (replay)');
  });
});

describe('renderScenario: corruption', () => {
  const text = renderScenario(corrupted(), plain);

  it('shows the kind, the check and the cause', () => {
    expect(text).toContain('[CORRUPTION] lost-update (round 3)');
    expect(text).toContain('version 41 entered twice');
    expect(text).toContain('at scenarios/counter-buggy.ts:14:9');
  });

  it('names both actors with their op and label', () => {
    expect(text).toMatch(/worker#2 +op increment +at "after-read"/);
    expect(text).toMatch(/task#1 +op increment +at "after-read"/);
  });

  it('shows the transitions with versions and 8-digit hex checksums', () => {
    expect(text).toContain('41 -> 42');
    expect(text).toContain('0x0000012c');
    expect(text).toContain('0xdeadbeef');
    expect(text).toContain('0xffffffff');
  });

  it('has the side summary table, the stats line and the replay command last', () => {
    expect(text).toMatch(/\| worker +\| +8 \| +40,000 \|/);
    expect(text).toContain('event-loop delay max 14 ms, p99 3.1 ms');
    expect(text.trimEnd().split('\n').at(-1)).toBe('replay: racecheck run scenarios/counter-buggy.ts --seed 1234 --round 3');
  });
});

describe('renderScenario: deadlock stacks', () => {
  it('keeps user frames and hides racecheck, library and node:internal frames', () => {
    const text = renderScenario(deadlocked(), plain);
    expect(text).toContain('[DEADLOCK] wait-cycle');
    expect(text).toMatch(/worker#0 +op lockAB +at "holding A, waiting B" +stuck 2\.1 s +\(Atomics\.wait\)/);
    expect(text).toContain('at lockAB (scenarios/deadlock-buggy.ts:21:11)');
    expect(text).toContain('at lockBA (scenarios/deadlock-buggy.ts:31:7)');
    expect(text).toContain('wait-for cycle: worker#0 -> B (task#0) -> A (worker#0)');
    expect(text).not.toContain('node:internal');
    expect(text).not.toContain('dist/engine/round.js');
    expect(text).not.toContain('primitives/mutex.js');
    expect(text).toContain('(--verbose shows all)');
  });

  it('shows every frame when verbose', () => {
    const text = renderScenario(deadlocked(), { ...plain, verbose: true });
    expect(text).toContain('node:internal/process/task_queues');
    expect(text).toContain('dist/engine/round.js:88:13');
    expect(text).toContain('node_modules/racecheck/dist/primitives/mutex.js');
  });

  it('caps the default view at 8 frames', () => {
    const frames = Array.from({ length: 20 }, (_, i) => `    at f${i} (/repo/scenarios/deep.ts:${i + 1}:1)`);
    const s = deadlocked();
    s.findings = [{ ...s.findings[0]!, actors: [], stack: ['Error: deep', ...frames].join('\n') }];
    const text = renderScenario(s, plain);
    expect(text).toContain('at f7 (scenarios/deep.ts:8:1)');
    expect(text).not.toContain('at f8 ');
    expect(text).toContain('... 12 more frames');
  });
});

describe('renderScenario: error and pass', () => {
  it('says why a scenario could not run', () => {
    const text = renderScenario(errored(), plain);
    expect(text).toMatch(/^ERROR scenarios\/broken\.ts/);
    expect(text).toContain("could not run: scenarios/broken.ts:3:7: SyntaxError: Unexpected token '<'");
  });

  it('passes with a table and the seed to rerun', () => {
    const text = renderScenario(passing(), plain);
    expect(text).toMatch(/^PASS scenarios\/counter-fixed\.ts > counter: Atomics\.add/);
    expect(text).toContain('12,000 ops/s');
    expect(text).not.toContain('[CORRUPTION]');
  });
});

describe('renderSummary', () => {
  it('has one status line per file and totals', () => {
    const text = renderSummary(mixedRun(), plain);
    expect(text).toMatch(/^PASS +scenarios\/counter-fixed\.ts +120 rounds$/m);
    expect(text).toMatch(/^FAIL +scenarios\/counter-buggy\.ts +1 finding: 1 corruption$/m);
    expect(text).toMatch(/^FAIL +scenarios\/deadlock-buggy\.ts +1 finding: 1 deadlock$/m);
    expect(text).toMatch(/^ERROR scenarios\/broken\.ts +scenarios\/broken\.ts:3:7: SyntaxError/m);
    expect(text).toMatch(/^Files +2 failed \| 1 error \| 1 passed \(4\)$/m);
    expect(text).toMatch(/^Findings +2 \(1 corruption, 1 deadlock\)$/m);
    expect(text).toMatch(/^Status +ERROR$/m);
  });

  it('groups scenarios of one file and names the failing one', () => {
    const r = run([passing({ file: '/repo/scenarios/multi.ts', scenario: 'a' }), corrupted({ file: '/repo/scenarios/multi.ts', scenario: 'b' })]);
    const text = renderSummary(r, plain);
    expect(text).toMatch(/^FAIL +scenarios\/multi\.ts/m);
    expect(text).toContain('fail: b');
    expect(text).toMatch(/^Files +1 failed \(1\)$/m);
    expect(text).toMatch(/^Scenarios +1 failed \| 1 passed \(2\)$/m);
  });

  it('lists files the --scenario filter skipped, and counts them', () => {
    const text = renderSummary(run([passing()], { skipped: [{ file: '/repo/scenarios/other.ts', scenarios: ['a'] }] }), plain);
    expect(text).toMatch(/^SKIP +scenarios\/other\.ts +no scenario matches the --scenario filter$/m);
    expect(text).toMatch(/^Files +1 passed \| 1 skipped \(2\)$/m);
  });

  it('pluralizes kinds: 2 errors, not 2 error', () => {
    const twice = passing({ status: 'fail', findings: [thrown, { ...thrown, round: 10 }] });
    expect(renderSummary(run([twice]), plain)).toMatch(/^Findings +2 \(2 errors\)$/m);
  });

  it('lists run-level errors', () => {
    const text = renderSummary(run([], { status: 'error', errors: ['no scenario matches "nope/*.ts"'] }), plain);
    expect(text).toContain('ERROR no scenario matches "nope/*.ts"');
  });
});
