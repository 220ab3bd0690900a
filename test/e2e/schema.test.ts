// Real output against the published JSON schema: what `racecheck run --json` and
// `racecheck merge --reporter json` print, not fixtures (fixtures once hid a report
// key, starvationThresholdMs, that the schema did not document).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OPTIONS, SETTING_ROWS } from '../../src/options.js';
import { errorsOf, validate, validateClosed } from '../schema.js';
import { runCli } from './helpers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'racecheck-schema-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const short = ['--workers', '2', '--tasks', '2', '--rounds', '3', '--duration', '2s'];

describe('real reports validate against reportJsonSchema', () => {
  it('racecheck run --json: a failing and a passing file, every setting in the table present', async () => {
    const r = await runCli(['run', 'scenarios/counter-buggy.ts', 'scenarios/counter-fixed.ts', '--json', '--seed', '5', ...short]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { files: { scenarios: { settings: Record<string, unknown> }[] }[] };
    expect(errorsOf(validate, report)).toEqual([]);
    expect(errorsOf(validateClosed, report)).toEqual([]);
    const settings = report.files[0]!.scenarios[0]!.settings;
    for (const [, row] of SETTING_ROWS) if (row.required) expect(settings).toHaveProperty(row.setting);
    expect(settings['starvationThresholdMs']).toBe(OPTIONS.starvationThreshold.default);
    writeFileSync(path.join(dir, 'a.json'), r.stdout);
  });

  it('racecheck merge --reporter json of real shard reports', async () => {
    const b = await runCli(['run', 'scenarios/counter-fixed.ts', '--json', '--seed', '6', '--starvation-threshold', '300ms', ...short]);
    expect(b.code).toBe(0);
    writeFileSync(path.join(dir, 'b.json'), b.stdout);
    const m = await runCli(['merge', path.join(dir, 'a.json'), path.join(dir, 'b.json'), '--reporter', 'json']);
    expect(m.code).toBe(1);
    const merged = JSON.parse(m.stdout) as { files: { scenarios: { settings: Record<string, unknown> }[] }[] };
    expect(errorsOf(validate, merged)).toEqual([]);
    expect(errorsOf(validateClosed, merged)).toEqual([]);
    // merge keeps every setting (it once dropped starvationThresholdMs).
    const thresholds = merged.files.flatMap((f) => f.scenarios.map((s) => s.settings['starvationThresholdMs']));
    expect(thresholds.sort()).toEqual([200, 200, 300]);
  });
});
