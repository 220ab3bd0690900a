// The published JSON report schema, compiled for tests: as published (extra keys
// allowed, so additive changes keep schemaVersion 1) and closed (a key the report
// writes that the schema does not document fails).
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { reportJsonSchema } from '../src/report/json-schema.js';

type Schema = { [key: string]: unknown };

function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Schema = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, k === 'examples' ? v : closed(v)]));
  if (out['properties'] !== undefined) out['unevaluatedProperties'] = false;
  return out;
}

// strict: also rejects a schema that is itself sloppy (a `required` key with no
// `properties` entry, unknown keywords, types that do not apply).
const options = { strict: true, allErrors: true, allowUnionTypes: true };
export const validate: ValidateFunction = new Ajv2020(options).compile(reportJsonSchema);
export const validateClosed: ValidateFunction = new Ajv2020(options).compile(closed(reportJsonSchema) as Schema);
export const errorsOf = (v: ValidateFunction, value: unknown): string[] => (v(value) ? [] : v.errors!.map((e) => `${e.instancePath || '/'} ${e.message}`));
