// A finding --fail-on ignored, through every reporter: shown, labelled as ignored,
// and nowhere a failure (no FAIL, no <failure>, no ::error), as the exit code 0 says.
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../../src/result.js';
import { buildRunResult, buildScenarioResult } from '../../../src/report/build.js';
import { renderReport } from '../../../src/report/index.js';
import { renderGithubSummary } from '../../../src/report/github-summary.js';
import { fromJsonReport } from '../../../src/report/merge.js';
import { errorsOf, validateClosed } from '../../schema.js';
import { CWD, corrupted, passing } from './fixtures.js';
import { parseXml, type XmlElement } from './parse-xml.js';

function built(failOn: ('corruption' | 'deadlock')[] | undefined): RunResult {
  // What a run process records (a result without its status), built as the supervisor does.
  const scenarios = [passing(), corrupted()].map(({ status: _, ...seen }) => buildScenarioResult({ ...seen, stopped: false }, { failOn, interrupted: false }));
  return buildRunResult({ scenarios, errors: [], aborted: false, durationMs: 5000 });
}

const render = (name: Parameters<typeof renderReport>[0], r: RunResult) => renderReport(name, r, { color: false, cwd: CWD });
const all = (e: XmlElement, name: string): XmlElement[] => [...(e.name === name ? [e] : []), ...e.children.flatMap((c) => all(c, name))];

describe('--fail-on deadlock with a corruption finding', () => {
  const ignored = built(['deadlock']);
  const failing = built(undefined);

  it('the run passes (exit 0), the default run fails', () => {
    expect(ignored.status).toBe('pass');
    expect(failing.status).toBe('fail');
  });

  it('text: PASS everywhere, the finding shown and labelled', () => {
    const text = render('default', ignored);
    expect(text).not.toMatch(/FAIL/);
    expect(text).toMatch(/^\[CORRUPTION\] lost-update \(round 3\) ignored by --fail-on$/m);
    expect(text).toMatch(/^PASS +scenarios\/counter-buggy\.ts +1 finding ignored by --fail-on: 1 corruption$/m);
    expect(text).toMatch(/^Files +2 passed \(2\)$/m);
    expect(text).toMatch(/^Findings +1 \(1 corruption\), 1 ignored by --fail-on$/m);
    expect(text).toMatch(/^Status +PASS$/m);
    expect(render('default', failing)).toMatch(/^FAIL +scenarios\/counter-buggy\.ts +1 finding: 1 corruption$/m);
  });

  it('JUnit: no <failure>, the finding in system-out', () => {
    const root = parseXml(render('junit', ignored));
    expect(root.attrs).toMatchObject({ tests: '2', failures: '0', errors: '0' });
    expect(all(root, 'failure')).toEqual([]);
    expect(all(root, 'system-out').map((o) => o.text).join('\n')).toContain('[CORRUPTION] lost-update (round 3) ignored by --fail-on');
    expect(all(parseXml(render('junit', failing)), 'failure')).toHaveLength(1);
  });

  it('GitHub: a warning titled as ignored, never ::error', () => {
    const lines = render('github-actions', ignored).trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^::warning file=scenarios\/counter-buggy\.ts,line=14,col=9,title=racecheck corruption \(lost-update\) ignored by --fail-on%3A /);
    expect(render('github-actions', failing)).toMatch(/^::error /);
    const md = renderGithubSummary(ignored, { cwd: CWD });
    expect(md).toMatch(/^## racecheck: :white_check_mark: PASS$/m);
    expect(md).toContain('| :white_check_mark: pass | 1 corruption ignored by --fail-on |');
    expect(md).toContain('#### CORRUPTION `lost-update` in counter: load/store increment at `scenarios/counter-buggy.ts:14` (ignored by --fail-on)');
    expect(md).not.toContain(':x:');
  });

  it('JSON: pass, the finding marked, counted, valid against the closed schema, and merge keeps it', () => {
    const report = JSON.parse(render('json', ignored));
    expect(errorsOf(validateClosed, report)).toEqual([]);
    expect(report.status).toBe('pass');
    expect(report.summary).toMatchObject({ passed: 2, failed: 0, findings: 1, ignored: 1 });
    expect(report.files.find((f: { file: string }) => f.file === 'scenarios/counter-buggy.ts').scenarios[0].findings[0].ignored).toBe(true);
    expect(JSON.parse(render('json', failing)).files[1].scenarios[0].findings[0].ignored).toBe(false);
    const back = fromJsonReport(report, 'r.json');
    expect(render('json', back)).toBe(render('json', ignored));
    expect(render('junit', back)).toBe(render('junit', ignored));
  });
});
