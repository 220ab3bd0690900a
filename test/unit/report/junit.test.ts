import { describe, expect, it } from 'vitest';
import { renderJunit } from '../../../src/report/junit.js';
import { escapeXmlAttr, escapeXmlText } from '../../../src/report/xml.js';
import { CWD, corrupted, lostUpdate, mixedRun, passing, run } from './fixtures.js';
import { children, parseXml } from './mini-xml.js';

describe('renderJunit', () => {
  const xml = renderJunit(mixedRun(), { cwd: CWD });
  const root = parseXml(xml);

  it('is well-formed testsuites / testsuite / testcase', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    expect(root.name).toBe('testsuites');
    expect(root.attrs).toMatchObject({ name: 'racecheck', tests: '4', failures: '2', errors: '1', time: '7.100' });
    const suites = children(root, 'testsuite');
    expect(suites.map((s) => s.attrs['name'])).toEqual([
      'scenarios/counter-fixed.ts', 'scenarios/counter-buggy.ts', 'scenarios/deadlock-buggy.ts', 'scenarios/broken.ts',
    ]);
    for (const suite of suites) {
      const cases = children(suite, 'testcase');
      expect(suite.attrs['tests']).toBe(String(cases.length));
      for (const c of cases) expect(c.attrs['classname']).toBe(suite.attrs['name']);
    }
  });

  it('has one failure per finding, typed by kind, with the plain block and replay', () => {
    const buggy = children(children(root, 'testsuite')[1]!, 'testcase')[0]!;
    expect(buggy.attrs['name']).toBe('counter: load/store increment');
    const [failure] = children(buggy, 'failure');
    expect(failure!.attrs).toEqual({ message: lostUpdate.message, type: 'corruption' });
    expect(failure!.text).toContain('[CORRUPTION] lost-update');
    expect(failure!.text).toContain('0xdeadbeef');
    expect(failure!.text).not.toContain('\x1b');
    expect(children(buggy, 'system-out')[0]!.text).toBe('replay: racecheck run scenarios/counter-buggy.ts --seed 1234 --round 3');
  });

  it('reports a scenario that could not run as an error, not a failure', () => {
    const broken = children(children(root, 'testsuite')[3]!, 'testcase')[0]!;
    expect(children(broken, 'failure')).toHaveLength(0);
    expect(children(broken, 'error')[0]!.attrs['message']).toContain("Unexpected token '<'");
  });

  it('keeps test names stable: no seed in names', () => {
    const other = parseXml(renderJunit(run([corrupted({ seed: 999, replay: 'racecheck run x --seed 999' })]), { cwd: CWD }));
    const names = (r: typeof root) => children(children(r, 'testsuite')[0]!, 'testcase').map((c) => `${c.attrs['classname']} ${c.attrs['name']}`);
    expect(names(other)).toEqual(names(parseXml(renderJunit(run([corrupted()]), { cwd: CWD }))));
    expect(xml).not.toMatch(/name="[^"]*1234/);
  });

  it('counts interrupted scenarios without findings as skipped', () => {
    const r = parseXml(renderJunit(run([passing({ status: 'interrupted' })], { status: 'interrupted' }), { cwd: CWD }));
    expect(r.attrs).toMatchObject({ tests: '1', failures: '0', errors: '0', skipped: '1' });
  });

  it('turns run-level errors into an error testcase', () => {
    const r = parseXml(renderJunit(run([], { status: 'error', errors: ['no scenario matches "x/*.ts"'] }), { cwd: CWD }));
    expect(r.attrs).toMatchObject({ tests: '1', errors: '1' });
    expect(children(children(children(r, 'testsuite')[0]!, 'testcase')[0]!, 'error')[0]!.attrs['message']).toBe('no scenario matches "x/*.ts"');
  });

  it('counts a load error once when the runner also lists it as a run error', () => {
    const broken = mixedRun().scenarios[3]!;
    const r = parseXml(renderJunit(run([broken], { status: 'error', errors: [broken.error!] }), { cwd: CWD }));
    expect(r.attrs).toMatchObject({ tests: '1', errors: '1' });
    expect(children(r, 'testsuite')).toHaveLength(1);
  });

  it('escapes markup, quotes, control characters and ]]> in names, messages and bodies', () => {
    const nasty = `a<b> & "c" 'd' ]]> bell\x07 nul\x00 esc\x1b[31mred`;
    const s = corrupted({ scenario: nasty, findings: [{ ...lostUpdate, message: `${nasty}\nsecond line` }] });
    const out = renderJunit(run([s]), { cwd: CWD });
    expect(out).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f]/);
    expect(out).not.toContain(']]>');
    const tc = children(children(parseXml(out), 'testsuite')[0]!, 'testcase')[0]!;
    expect(tc.attrs['name']).toBe(`a<b> & "c" 'd' ]]> bell\\x07 nul\\x00 escred`);
    const failure = children(tc, 'failure')[0]!;
    expect(failure.attrs['message']).toBe(`a<b> & "c" 'd' ]]> bell\\x07 nul\\x00 escred\nsecond line`);
    expect(failure.text).toContain(`a<b> & "c" 'd' ]]> bell\\x07`);
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

describe('mini-xml (the checker itself)', () => {
  it('rejects what is not well-formed', () => {
    for (const bad of ['<a><b></a>', '<a>&</a>', '<a>& x;</a>', '<a x="<"/>', '<a>]]></a>', '<a>\x01</a>', '<a x="1" x="2"/>', '<a/><b/>', '<a>', 'x<a/>']) {
      expect(() => parseXml(bad), bad).toThrow();
    }
  });

  it('accepts entities, self-closing tags and decodes them', () => {
    const el = parseXml('<?xml version="1.0"?>\n<a x="&lt;&#10;&quot;"><b/>t&amp;&#x41;</a>');
    expect(el.attrs['x']).toBe('<\n"');
    expect(el.text).toBe('t&A');
    expect(children(el, 'b')).toHaveLength(1);
  });
});
