import { describe, expect, it } from 'vitest';
import { renderJson } from '../../../src/report/json.js';
import { reportJsonSchema } from '../../../src/report/json-schema.js';
import { CWD, mixedRun, run } from './fixtures.js';

type Schema = { [key: string]: unknown };

/**
 * Structural check against the schema: every `required` key is present, every key
 * the report writes is documented in `properties`, consts and enums hold, and the
 * JSON type matches. Not a validator; enough to keep schema and output in step.
 */
function conform(value: unknown, schema: Schema, at: string, problems: string[]): void {
  if (typeof schema['$ref'] === 'string') {
    const name = (schema['$ref'] as string).replace('#/$defs/', '');
    schema = (reportJsonSchema.$defs as Record<string, Schema>)[name]!;
  }
  const types = schema['type'] === undefined ? [] : ([] as string[]).concat(schema['type'] as string | string[]);
  const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;
  if (types.length > 0 && !types.includes(actual) && !(actual === 'integer' && types.includes('number'))) problems.push(`${at}: ${actual}, expected ${types.join('|')}`);
  if ('const' in schema && value !== schema['const']) problems.push(`${at}: ${String(value)} !== const ${String(schema['const'])}`);
  if (Array.isArray(schema['enum']) && !(schema['enum'] as unknown[]).includes(value)) problems.push(`${at}: ${String(value)} not in enum`);
  if (actual === 'object') {
    const obj = value as Record<string, unknown>;
    const props = (schema['properties'] ?? {}) as Record<string, Schema>;
    for (const key of (schema['required'] ?? []) as string[]) if (!(key in obj)) problems.push(`${at}: missing ${key}`);
    for (const [key, v] of Object.entries(obj)) {
      if (!(key in props)) problems.push(`${at}.${key}: not in the schema`);
      else conform(v, props[key]!, `${at}.${key}`, problems);
    }
  }
  if (actual === 'array' && schema['items']) (value as unknown[]).forEach((v, i) => conform(v, schema['items'] as Schema, `${at}[${i}]`, problems));
}

describe('renderJson', () => {
  const text = renderJson(mixedRun(), { cwd: CWD });
  const report = JSON.parse(text);

  it('has the documented top-level keys and version', () => {
    expect(report).toMatchObject({ schemaVersion: 1, tool: 'racecheck', status: 'error', durationMs: 7100 });
    expect(report.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(report.summary).toEqual({
      files: 4, scenarios: 4, passed: 1, failed: 2, errors: 1, interrupted: 0, findings: 2,
      byKind: { corruption: 1, deadlock: 1, starvation: 0, error: 0 },
    });
  });

  it('conforms structurally to the published schema', () => {
    const problems: string[] = [];
    conform(report, reportJsonSchema as unknown as Schema, '$', problems);
    expect(problems).toEqual([]);
    expect(reportJsonSchema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('gives findings kind, check, message, actors, location, transitions and replay', () => {
    const finding = report.files[1].scenarios[0].findings[0];
    expect(report.files[1].file).toBe('scenarios/counter-buggy.ts');
    expect(finding).toMatchObject({
      kind: 'corruption',
      check: 'lost-update',
      location: { file: 'scenarios/counter-buggy.ts', line: 14, column: 9 },
      replay: 'racecheck run scenarios/counter-buggy.ts --seed 1234 --round 3',
      stack: null,
      details: [],
    });
    expect(finding.actors.map((a: { name: string }) => a.name)).toEqual(['worker#2', 'task#1']);
    expect(finding.transitions).toHaveLength(2);
  });

  it('uses null rather than leaving optional scenario fields out', () => {
    const broken = report.files[3].scenarios[0];
    expect(broken.eventLoop).toBeNull();
    expect(broken.error).toContain('SyntaxError');
  });

  it('reports run-level errors and an empty run', () => {
    const empty = JSON.parse(renderJson(run([], { status: 'error', errors: ['no files'] }), { cwd: CWD }));
    expect(empty.files).toEqual([]);
    expect(empty.errors).toEqual(['no files']);
  });
});
