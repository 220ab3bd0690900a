import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/result.js';
import { escapeData, escapeProperty, MAX_ANNOTATIONS, renderGithubAnnotations } from '../../../src/report/github.js';
import { renderGithubSummary } from '../../../src/report/github-summary.js';
import { CWD, corrupted, lostUpdate, mixedRun, passing, run } from './fixtures.js';

describe('escaping', () => {
  it('escapes data: %, CR, LF', () => {
    expect(escapeData('100% a:b,c\r\nd')).toBe('100%25 a:b,c%0D%0Ad');
  });

  it('shows control bytes as \\xNN and drops ANSI sequences: nothing raw reaches the log', () => {
    expect(escapeData('bad\u0000\u0007\u001b[31mx\u001b\u007f\tend')).toBe('bad\\x00\\x07x\\x1B\\x7F\tend');
    expect(escapeProperty('a\u0000:b')).toBe('a\\x00%3Ab');
    // The message of a finding and the name of its scenario, through a whole annotation.
    const [line] = renderGithubAnnotations(run([corrupted({ scenario: 'n\u0007', findings: [{ ...lostUpdate, message: 'm\u0000\r\n2' }] })]), { cwd: CWD });
    expect(line).toMatch(/title=racecheck corruption \(lost-update\)%3A n\\x07::m\\x00%0D%0A2%0Areplay: /);
    expect(line).not.toMatch(/[\x00-\x1f]/);
  });

  it('escapes properties: also : and ,', () => {
    expect(escapeProperty('100% a:b,c\r\nd')).toBe('100%25 a%3Ab%2Cc%0D%0Ad');
  });
});

describe('renderGithubAnnotations', () => {
  it('annotates a finding at its file and line, relative to cwd', () => {
    const [line] = renderGithubAnnotations(run([corrupted()]), { cwd: CWD });
    expect(line).toBe(
      '::error file=scenarios/counter-buggy.ts,line=14,col=9,title=racecheck corruption (lost-update)%3A counter%3A load/store increment' +
        '::version 41 entered twice: worker#2 and task#1 both ran increment from version 41' +
        '%0Areplay: racecheck run scenarios/counter-buggy.ts --seed 1234 --round 3',
    );
  });

  it('escapes user text in the title and the message', () => {
    const s = corrupted({ scenario: 'a:b,c 50%', findings: [{ ...lostUpdate, message: '50% lost\r\nnext: line, really' }] });
    const [line] = renderGithubAnnotations(run([s]), { cwd: CWD });
    expect(line).toContain('title=racecheck corruption (lost-update)%3A a%3Ab%2Cc 50%25::');
    expect(line).toContain('::50%25 lost%0D%0Anext: line, really%0Areplay');
    expect(line!.split('\n')).toHaveLength(1);
  });

  it('uses warning for starvation and puts errors first', () => {
    const starve: Finding = { ...lostUpdate, kind: 'starvation', check: 'loop-blocked', message: 'loop blocked 900 ms' };
    const lines = renderGithubAnnotations(run([corrupted({ findings: [starve, lostUpdate] })]), { cwd: CWD });
    expect(lines.map((l) => l.slice(0, l.indexOf(' ')))).toEqual(['::error', '::warning']);
  });

  it('caps at 10 and says how many were left out', () => {
    const findings = Array.from({ length: 13 }, (_, i) => ({ ...lostUpdate, message: `finding ${i}` }));
    const lines = renderGithubAnnotations(run([corrupted({ findings })]), { cwd: CWD });
    expect(lines).toHaveLength(MAX_ANNOTATIONS + 1);
    expect(lines.slice(0, 10).every((l) => l.startsWith('::error '))).toBe(true);
    expect(lines[10]).toMatch(/^::notice title=racecheck::3 more findings not annotated/);
  });

  it('annotates run errors and scenarios that could not run; nothing for a pass', () => {
    expect(renderGithubAnnotations(run([passing()]), { cwd: CWD })).toEqual([]);
    const lines = renderGithubAnnotations({ ...mixedRun(), errors: ['bad flag --workers two'] }, { cwd: CWD });
    expect(lines[0]).toBe('::error title=racecheck%3A run error::bad flag --workers two');
    expect(lines).toContain("::error file=scenarios/broken.ts,title=racecheck%3A broken.ts could not run::scenarios/broken.ts:3:7: SyntaxError: Unexpected token '<'");
  });
});

describe('renderGithubSummary', () => {
  const md = renderGithubSummary(mixedRun(), { cwd: CWD });

  it('has a table row per scenario with status, findings and replay', () => {
    expect(md).toContain('| File | Scenario | Status | Findings | Rounds | Ops/s | Replay |');
    expect(md).toContain('| `scenarios/counter-buggy.ts` | counter: load/store increment | :x: fail | 1 corruption | 3 | 2,000 | `racecheck run scenarios/counter-buggy.ts --seed 1234 --round 3` |');
    expect(md).toMatch(/\| `scenarios\/counter-fixed\.ts` .*:white_check_mark: pass/);
  });

  it('gives each finding its plain block and a replay code block', () => {
    expect(md).toContain('```text\n[CORRUPTION] lost-update (round 3)');
    expect(md).toContain('```sh\nracecheck run scenarios/counter-buggy.ts --seed 1234 --round 3\n```');
    expect(md).not.toContain('\x1b');
  });

  it('keeps user text from breaking the table', () => {
    const s = corrupted({ scenario: 'a | b <script>' });
    expect(renderGithubSummary(run([s]), { cwd: CWD })).toContain('| a \\| b &lt;script&gt; |');
  });
});
