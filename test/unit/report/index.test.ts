import { describe, expect, it } from 'vitest';
import { isReporterName, renderReport, REPORTER_NAMES } from '../../../src/report/index.js';
import { CWD, deadlocked, mixedRun, run } from './fixtures.js';
import { parseXml } from './parse-xml.js';

describe('renderReport', () => {
  const result = mixedRun();

  it('renders every reporter as text ending in a newline', () => {
    for (const name of REPORTER_NAMES) expect(renderReport(name, result, { color: false, cwd: CWD }).endsWith('\n')).toBe(true);
  });

  it('default and verbose: every scenario block, then the summary', () => {
    const text = renderReport('default', result, { color: false, cwd: CWD });
    // A replay for what failed; a passing scenario without findings has nothing to replay.
    for (const s of result.scenarios) {
      if (s.status === 'pass') expect(text).not.toContain(`replay: ${s.replay}`);
      else expect(text).toContain(`replay: ${s.replay}`);
    }
    expect(text.trimEnd().split('\n').at(-1)).toMatch(/^Status +ERROR$/);
    const verbose = renderReport('verbose', run([deadlocked()]), { color: false, cwd: CWD });
    expect(verbose).toContain('node:internal/process/task_queues');
  });

  it('machine reporters ignore colour', () => {
    for (const name of ['json', 'junit', 'github-actions'] as const) {
      expect(renderReport(name, result, { color: true, cwd: CWD })).not.toContain('\x1b');
    }
    expect(() => JSON.parse(renderReport('json', result, { color: true, cwd: CWD }))).not.toThrow();
    expect(parseXml(renderReport('junit', result, { color: true, cwd: CWD })).name).toBe('testsuites');
  });

  it('validates reporter names', () => {
    expect(isReporterName('github-actions')).toBe(true);
    expect(isReporterName('tap')).toBe(false);
  });
});
