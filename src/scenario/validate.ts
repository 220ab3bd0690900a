// Validate what a scenario module exports. Every problem is one line naming the
// file, the field and what was expected (piscina-style messages).
import type { Scenario, SideConfig } from './types.js';
import { ScenarioError } from './errors.js';

const KNOWN = new Set([
  'name', 'description', 'setup', 'attach', 'ops', 'workers', 'tasks',
  'invariant', 'verify', 'checksum', 'persistent',
]);
const FUNCTIONS = ['setup', 'attach', 'invariant', 'verify', 'checksum'] as const;

const typeName = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);

/** The module's default export as a list of validated scenarios. */
export function scenariosOf(file: string, mod: Record<string, unknown>): Scenario[] {
  if (!('default' in mod) || mod.default === undefined) {
    throw new ScenarioError(file, 'no default export: export default defineScenario({ ... })');
  }
  const def = mod.default;
  const list = Array.isArray(def) ? def : [def];
  if (list.length === 0) throw new ScenarioError(file, 'default export is an empty array: expected at least one scenario');
  const out = list.map((s, i) => validateScenario(file, s, Array.isArray(def) ? `default[${i}]` : 'default export'));
  const names = new Set<string>();
  for (const s of out) {
    if (names.has(s.name)) throw new ScenarioError(file, `two scenarios are named "${s.name}": names must be unique in a file`);
    names.add(s.name);
  }
  return out;
}

export function validateScenario(file: string, s: unknown, where: string): Scenario {
  const fail = (detail: string): never => {
    throw new ScenarioError(file, detail);
  };
  if (s === null || typeof s !== 'object' || Array.isArray(s)) {
    return fail(`${where} is not a scenario: expected an object with name, setup and ops, got ${typeName(s)}`);
  }
  const o = s as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!KNOWN.has(k)) fail(`unknown field "${k}": expected one of ${[...KNOWN].join(', ')}`);
  }
  if (typeof o.name !== 'string' || o.name.trim() === '') fail(`"name" must be a non-empty string, got ${typeName(o.name)}`);
  if (typeof o.setup !== 'function') fail(`"setup" must be a function returning the shared state, got ${typeName(o.setup)}`);
  for (const k of FUNCTIONS) {
    if (o[k] !== undefined && typeof o[k] !== 'function') fail(`"${k}" must be a function, got ${typeName(o[k])}`);
  }
  if (o.ops === null || typeof o.ops !== 'object' || Array.isArray(o.ops)) {
    fail(`"ops" must be an object mapping op names to functions, got ${typeName(o.ops)}`);
  }
  const ops = o.ops as Record<string, unknown>;
  const opNames = Object.keys(ops);
  if (opNames.length === 0) fail('"ops" is empty: expected at least one op');
  for (const n of opNames) {
    if (typeof ops[n] !== 'function') fail(`ops.${n} must be a function (view, ctx) => ..., got ${typeName(ops[n])}`);
  }
  if (o.persistent !== undefined && typeof o.persistent !== 'boolean') fail(`"persistent" must be a boolean, got ${typeName(o.persistent)}`);
  validateSide(o.workers, 'workers', opNames, fail);
  validateSide(o.tasks, 'tasks', opNames, fail);
  if (o.workers === false && o.tasks === false) fail('"workers" and "tasks" are both false: no actor would run');
  return o as unknown as Scenario;
}

function validateSide(side: unknown, field: string, opNames: string[], fail: (d: string) => never): void {
  if (side === undefined || side === false) return;
  if (side === null || typeof side !== 'object' || Array.isArray(side)) {
    fail(`"${field}" must be false or an object { ops?, count?, opsPerRound? }, got ${typeName(side)}`);
  }
  const s = side as SideConfig<string> & Record<string, unknown>;
  for (const k of Object.keys(s)) {
    if (!['ops', 'count', 'opsPerRound'].includes(k)) fail(`${field}.${k} is not a field: expected ops, count or opsPerRound`);
  }
  const known = `(ops are: ${opNames.join(', ')})`;
  if (s.ops !== undefined) {
    if (Array.isArray(s.ops)) {
      if (s.ops.length === 0) fail(`${field}.ops is empty: expected at least one op name ${known}`);
      for (const n of s.ops) if (!opNames.includes(n)) fail(`${field}.ops names unknown op "${n}" ${known}`);
    } else if (s.ops !== null && typeof s.ops === 'object') {
      const entries = Object.entries(s.ops);
      if (entries.length === 0) fail(`${field}.ops is empty: expected at least one op weight ${known}`);
      for (const [n, w] of entries) {
        if (!opNames.includes(n)) fail(`${field}.ops names unknown op "${n}" ${known}`);
        if (typeof w !== 'number' || !(w >= 0) || !Number.isFinite(w)) fail(`${field}.ops.${n} must be a weight >= 0, got ${String(w)}`);
      }
      if (entries.every(([, w]) => w === 0)) fail(`${field}.ops weights are all 0`);
    } else {
      fail(`${field}.ops must be an array of op names or an object of weights, got ${typeName(s.ops)}`);
    }
  }
  for (const k of ['count', 'opsPerRound'] as const) {
    const v = s[k];
    if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 0)) {
      fail(`${field}.${k} must be a non-negative integer, got ${String(v)}`);
    }
  }
}
