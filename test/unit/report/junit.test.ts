import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../../src/result.js';
import { renderJunit } from '../../../src/report/junit.js';
import { replayFor } from '../../../src/report/replay.js';
import { escapeXmlAttr, escapeXmlText } from '../../../src/report/xml.js';
import { CWD, corrupted, deadlock, everyKind, loopBlocked, lostUpdate, mixedRun, passing, run, thrown } from './fixtures.js';
import { children, parseXml, type XmlElement } from './parse-xml.js';

type Count = 'tests' | 'failures' | 'errors' | 'skipped';
const COUNTS: readonly Count[] = ['tests', 'failures', 'errors', 'skipped'];
// Ant / Jenkins JUnit schema: a testcase holds (skipped | error | failure)*, then
// system-out, then system-err.
const CHILD_RANK: Record<string, number> = { skipped: 0, error: 0, failure: 0, 'system-out': 1, 'system-err': 2 };

/**
 * The structure GitLab and Jenkins read: testsuites > testsuite > testcase >
 * failure | error | skipped | system-out, named cases, and counts that agree with
 * the children (a testcase counts once: error over failure over skipped). Returns the
 * problems found, so a test can show every one.
 */
function junitProblems(root: XmlElement): string[] {
  const problems: string[] = [];
  if (root.name !== 'testsuites') problems.push(`root element is <${root.name}>, expected <testsuites>`);
  for (const c of root.children) if (c.name !== 'testsuite') problems.push(`<testsuites> contains <${c.name}>`);
  const total: Record<Count, number> = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  for (const suite of children(root, 'testsuite')) {
    const at = `testsuite "${suite.attrs['name']}"`;
    if (!suite.attrs['name']) problems.push('a testsuite without a name');
    const seen: Record<Count, number> = { tests: 0, failures: 0, errors: 0, skipped: 0 };
    for (const c of suite.children) if (c.name !== 'testcase') problems.push(`${at} contains <${c.name}>`);
    for (const tc of children(suite, 'testcase')) {
      const tcAt = `${at} > testcase "${tc.attrs['name']}"`;
      if (!tc.attrs['name'] || !tc.attrs['classname']) problems.push(`${tcAt}: no name or classname`);
      if (!/^\d+\.\d{3}$/.test(tc.attrs['time'] ?? '')) problems.push(`${tcAt}: time "${tc.attrs['time']}" is not seconds`);
      const ranks = tc.children.map((c) => CHILD_RANK[c.name] ?? -1);
      if (ranks.includes(-1)) problems.push(`${tcAt}: unexpected child <${tc.children[ranks.indexOf(-1)]!.name}>`);
      if (ranks.some((r, i) => i > 0 && r < ranks[i - 1]!)) problems.push(`${tcAt}: children out of order (${tc.children.map((c) => c.name).join(', ')})`);
      for (const f of [...children(tc, 'failure'), ...children(tc, 'error')]) {
        if (!f.attrs['message'] || !f.attrs['type']) problems.push(`${tcAt}: <${f.name}> without message or type`);
      }
      seen.tests++;
      if (children(tc, 'error').length > 0) seen.errors++;
      else if (children(tc, 'failure').length > 0) seen.failures++;
      else if (children(tc, 'skipped').length > 0) seen.skipped++;
    }
    for (const k of COUNTS) {
      if (suite.attrs[k] !== String(seen[k])) problems.push(`${at}: ${k}="${suite.attrs[k]}", its testcases give ${seen[k]}`);
      total[k] += seen[k];
    }
  }
  for (const k of COUNTS) if (root.attrs[k] !== String(total[k])) problems.push(`testsuites: ${k}="${root.attrs[k]}", the testsuites give ${total[k]}`);
  return problems;
}

const junit = (r: RunResult) => renderJunit(r, { cwd: CWD });
const testcases = (root: XmlElement) => children(root, 'testsuite').flatMap((s) => children(s, 'testcase'));
const nasty = `a<b> & "c" 'd' ]]> &lt; bell\x07 nul\x00 esc\x1b[31mred`;

describe('renderJunit: structure', () => {
  const cases: Record<string, RunResult> = {
    'a mixed run': mixedRun(),
    'every finding kind': run([everyKind()]),
    'an interrupted run': run([passing({ status: 'interrupted' }), corrupted({ status: 'interrupted' })], { status: 'interrupted' }),
    'run-level errors': run([passing()], { status: 'error', errors: ['no scenario matches "x/*.ts"', 'second\nerror'] }),
    'an empty run': run([]),
    'user text that needs escaping': run([corrupted({ scenario: nasty, findings: [{ ...lostUpdate, message: `${nasty}\nsecond line` }] })]),
  };
  for (const [name, result] of Object.entries(cases)) {
    it(`parses and has the GitLab/Jenkins structure: ${name}`, () => {
      const xml = junit(result);
      expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
      expect(junitProblems(parseXml(xml))).toEqual([]);
    });
  }

  it('has the expected suites, cases and totals for a mixed run', () => {
    const root = parseXml(junit(mixedRun()));
    expect(root.attrs).toMatchObject({ name: 'racecheck', tests: '4', failures: '2', errors: '1', skipped: '0', time: '7.100' });
    const suites = children(root, 'testsuite');
    expect(suites.map((s) => s.attrs['name'])).toEqual([
      'scenarios/counter-fixed.ts', 'scenarios/counter-buggy.ts', 'scenarios/deadlock-buggy.ts', 'scenarios/broken.ts',
    ]);
    for (const suite of suites) for (const c of children(suite, 'testcase')) expect(c.attrs['classname']).toBe(suite.attrs['name']);
  });

  it('puts the replay command in the system-out of every testcase that did not pass', () => {
    const result = mixedRun();
    const byName = new Map(testcases(parseXml(junit(result))).map((c) => [c.attrs['name'], c]));
    for (const s of result.scenarios) {
      const out = children(byName.get(s.scenario)!, 'system-out');
      expect(out.map((o) => o.text)).toEqual(s.status === 'pass' || !s.replay ? [] : [`replay: ${s.replay}`]);
    }
  });

  it('has one failure per finding, typed by kind, with the plain block and that finding\'s replay', () => {
    const s = everyKind();
    const [tc] = testcases(parseXml(junit(run([s]))));
    const failures = children(tc!, 'failure');
    expect(failures.map((f) => f.attrs)).toEqual([lostUpdate, deadlock, loopBlocked, thrown].map((f) => ({ message: f.message, type: f.kind })));
    expect(failures.map((f) => f.text.split('\n')[0])).toEqual([
      '[CORRUPTION] lost-update (round 3)', '[DEADLOCK] wait-cycle (round 0)', '[STARVATION] loop-blocked (round 7)', '[ERROR] exception (round 9)',
    ]);
    expect(failures.map((f) => f.text.split('\n').at(-1))).toEqual(s.findings.map((f) => `replay: ${replayFor(s, f)}`));
    expect(failures[2]!.text.split('\n').at(-1)).toBe(`replay: ${loopBlocked.replay}`);
    expect(failures[0]!.text).toContain('0xdeadbeef');
    expect(failures.map((f) => f.text).join('')).not.toContain('\x1b');
  });

  it('reports a scenario that could not run as an error, not a failure', () => {
    const broken = testcases(parseXml(junit(mixedRun())))[3]!;
    expect(children(broken, 'failure')).toHaveLength(0);
    expect(children(broken, 'error')[0]!.attrs).toEqual({ message: "scenarios/broken.ts:3:7: SyntaxError: Unexpected token '<'", type: 'error' });
  });

  it('keeps test names stable: no seed in suite or case names', () => {
    const names = (r: RunResult) => {
      const root = parseXml(junit(r));
      return [...children(root, 'testsuite'), ...testcases(root)].map((e) => `${e.attrs['classname'] ?? ''} ${e.attrs['name']}`);
    };
    const a = names(run([corrupted(), everyKind()]));
    const b = names(run([corrupted({ seed: 999, replay: 'racecheck run scenarios/counter-buggy.ts --seed 999' }), everyKind({ seed: 4242 })]));
    expect(b).toEqual(a);
    for (const n of a) expect(n).not.toMatch(/1234|999|4242/);
  });

  it('counts interrupted scenarios without findings as skipped', () => {
    const r = parseXml(junit(run([passing({ status: 'interrupted' })], { status: 'interrupted' })));
    expect(r.attrs).toMatchObject({ tests: '1', failures: '0', errors: '0', skipped: '1' });
    expect(children(testcases(r)[0]!, 'skipped')).toHaveLength(1);
  });

  it('turns run-level errors into an error testcase', () => {
    const r = parseXml(junit(run([], { status: 'error', errors: ['no scenario matches "x/*.ts"'] })));
    expect(r.attrs).toMatchObject({ tests: '1', errors: '1' });
    expect(children(testcases(r)[0]!, 'error')[0]!.attrs['message']).toBe('no scenario matches "x/*.ts"');
  });

  it('counts a load error once when the runner also lists it as a run error', () => {
    const broken = mixedRun().scenarios[3]!;
    const r = parseXml(junit(run([broken], { status: 'error', errors: [broken.error!] })));
    expect(r.attrs).toMatchObject({ tests: '1', errors: '1' });
    expect(children(r, 'testsuite')).toHaveLength(1);
  });

  it('escapes markup, quotes, entities, control characters and ]]> in names, messages and bodies', () => {
    const s = corrupted({ scenario: nasty, findings: [{ ...lostUpdate, message: `${nasty}\nsecond line` }] });
    const tc = testcases(parseXml(junit(run([s]))))[0]!;
    const shown = `a<b> & "c" 'd' ]]> &lt; bell\\x07 nul\\x00 escred`;
    expect(tc.attrs['name']).toBe(shown);
    const failure = children(tc, 'failure')[0]!;
    expect(failure.attrs['message']).toBe(`${shown}\nsecond line`);
    expect(failure.text).toContain(shown);
  });
});

describe('the JUnit checks themselves', () => {
  const xml = junit(mixedRun());

  it('reject what is not well-formed', () => {
    for (const bad of ['<a><b></a>', '<a>&</a>', '<a>& x;</a>', '<a>&nbsp;</a>', '<a>]]></a>', '<a>\x01</a>', '<a x="1" x="2"/>', '<a/><b/>', '<a>', 'x<a/>']) {
      expect(() => parseXml(bad), JSON.stringify(bad)).toThrow(/not well-formed/);
    }
  });

  it('decode entities and character references', () => {
    const el = parseXml('<?xml version="1.0"?>\n<a x="&lt;&#10;&quot;&amp;lt;"><b/>t&amp;&#x41;</a>');
    expect(el.attrs['x']).toBe('<\n"&lt;');
    expect(el.text).toBe('t&A');
    expect(children(el, 'b')).toHaveLength(1);
  });

  it('catch counts that disagree with the testcases, and stray elements', () => {
    const tampered = xml
      .replace('<testsuites name="racecheck" tests="4" failures="2"', '<testsuites name="racecheck" tests="4" failures="3"')
      .replace('<system-out>', '<flaky/><system-out>');
    const problems = junitProblems(parseXml(tampered));
    expect(problems).toContain('testsuites: failures="3", the testsuites give 2');
    expect(problems.some((p) => p.includes('unexpected child <flaky>'))).toBe(true);
  });

  it('catch failures out of the schema order', () => {
    const moved = xml.replace(/(      <failure[^>]*>[^<]*<\/failure>)\n(      <system-out>[^<]*<\/system-out>)/, '$2\n$1');
    expect(moved).not.toBe(xml);
    expect(junitProblems(parseXml(moved)).some((p) => p.includes('children out of order'))).toBe(true);
  });
});

describe('xml escaping', () => {
  it('escapes the five markup characters', () => {
    expect(escapeXmlText(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&apos;');
  });

  it('keeps line breaks in attributes as character references', () => {
    expect(escapeXmlAttr('a\nb\tc\rd')).toBe('a&#10;b&#9;c&#13;d');
  });

  it('shows characters XML cannot carry, including lone surrogates', () => {
    expect(escapeXmlText('x\x01y\uffffz\ud800!')).toBe('x\\x01y\\uFFFFz\\uD800!');
    expect(escapeXmlText('ok \ud83d\ude00')).toBe('ok \ud83d\ude00');
  });
});
