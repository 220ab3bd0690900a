// Control bytes in messages and names (NUL, BEL, ESC) through every reporter of
// bin/racecheck: escaped or shown as \xNN, never raw on a terminal, in a CI log, in a
// GitHub workflow command or in JUnit XML (where XML 1.0 cannot carry them at all).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

// C0 controls and DEL, except tab, LF and CR (line structure) and ESC (checked apart).
const RAW = /[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f]/;
// Our own colours: SGR sequences only (no cursor moves, no screen clearing).
const NOT_OURS = /\x1b(?!\[[0-9;]*m)/;

describe('control bytes in a finding message and a scenario name', () => {
  it('every reporter escapes them', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'racecheck-control-'));
    const file = (n: string) => path.join(dir, n);
    const r = await runCli([
      'run', 'test/fixtures/cli/control-bytes.ts', '--tasks', '1', '--rounds', '1', '--ops', '1', '--color',
      '--reporter', 'default', '--reporter', 'json', '--reporter', 'junit', '--reporter', 'github-actions',
      '--output-file.json', file('r.json'), '--output-file.junit', file('r.xml'),
    ], { env: { GITHUB_STEP_SUMMARY: file('summary.md') } });
    expect(r.code).toBe(1);
    const json = readFileSync(file('r.json'), 'utf8');
    const xml = readFileSync(file('r.xml'), 'utf8');
    const md = readFileSync(file('summary.md'), 'utf8');

    // The finding is there, its message intact as data in the JSON (escaped by JSON itself).
    const report = JSON.parse(json);
    expect(report.files[0].scenarios[0].name).toBe('control\u0007bytes\u001b[2J name');
    expect(report.files[0].scenarios[0].findings[0].message).toContain('bad\u0000\u0007\u001b[31mx');

    for (const [name, text] of [['stdout', r.stdout], ['stderr', r.stderr], ['json', json], ['junit', xml], ['summary', md]] as const) {
      expect(RAW.exec(text), name).toBeNull();
      expect(NOT_OURS.exec(text), name).toBeNull();
    }
    for (const text of [json, xml, md]) expect(text).not.toContain('\x1b');

    // What was there is still visible: NUL and BEL as \xNN, the escape sequences gone.
    const annotations = r.stdout.split('\n').filter((l) => l.startsWith('::'));
    expect(annotations).toHaveLength(1);
    expect(annotations[0]).toMatch(/^::error file=test\/fixtures\/cli\/control-bytes\.ts,line=\d+,col=\d+,title=racecheck error \(exception\)%3A control\\x07bytes name::.*bad\\x00\\x07x/);
    expect(r.stdout).toContain('bad\\x00\\x07x');
    expect(r.stdout).toContain('control\\x07bytes name');

    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('bad\\x00\\x07x');
    expect(md).toContain('control\\x07bytes name');
  });
});
