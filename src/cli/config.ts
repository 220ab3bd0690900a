// Find and load racecheck.config.{ts,mts,js,mjs}: bundled with esbuild like a
// scenario (no build step), validated field by field with one-line errors.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { RacecheckConfig } from '../config.js';
import { FINDING_KINDS } from '../result.js';
import { ScenarioError, UsageError } from '../scenario/errors.js';
import { REPORTER_NAMES } from '../report/names.js';
import { describeThrown } from '../thrown.js';

export const CONFIG_NAMES = ['racecheck.config.ts', 'racecheck.config.mts', 'racecheck.config.js', 'racecheck.config.mjs'];

type Check = (v: unknown) => string | undefined;
const isInt: Check = (v) => (Number.isInteger(v) && (v as number) >= 0 ? undefined : 'a non-negative integer');
const isBool: Check = (v) => (typeof v === 'boolean' ? undefined : 'true or false');
const isDuration: Check = (v) =>
  (typeof v === 'number' && v >= 0) || (typeof v === 'string' && /^\d+(\.\d+)?(ms|s|m|h)?$/.test(v)) ? undefined : "milliseconds or a duration string such as '30s'";
const listOf = (allowed: readonly string[], what: string): Check => (v) =>
  Array.isArray(v) && v.every((x) => allowed.includes(x)) ? undefined : `an array of ${what} (${allowed.join(', ')})`;

const FIELDS: Record<keyof RacecheckConfig, Check> = {
  include: (v) => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? undefined : 'an array of file patterns'),
  duration: isDuration,
  rounds: isInt,
  seed: isInt,
  workers: isInt,
  tasks: isInt,
  ops: isInt,
  bail: isBool,
  yieldMax: isInt,
  yieldTurns: isInt,
  deadlockTimeout: isDuration,
  starvationThreshold: isDuration,
  reporters: listOf(REPORTER_NAMES, 'reporter names'),
  outputFile: (v) =>
    typeof v === 'string' || (v !== null && typeof v === 'object' && Object.entries(v).every(([k, x]) => REPORTER_NAMES.includes(k as never) && typeof x === 'string'))
      ? undefined : 'a path, or an object of paths by reporter name',
  failOn: listOf(FINDING_KINDS, 'finding kinds'),
  color: isBool,
};

export function validateConfig(file: string, value: unknown): RacecheckConfig {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(`${file}: the default export must be a config object (export default defineConfig({ ... }))`);
  }
  for (const [k, v] of Object.entries(value)) {
    const check = FIELDS[k as keyof RacecheckConfig];
    if (!check) throw new UsageError(`${file}: unknown field "${k}" (expected one of ${Object.keys(FIELDS).join(', ')})`);
    const expected = v === undefined ? undefined : check(v);
    if (expected) throw new UsageError(`${file}: "${k}" must be ${expected}, got ${JSON.stringify(v)}`);
  }
  return value as RacecheckConfig;
}

/** The config given with --config, else the first racecheck.config.* in cwd, else none. */
export async function loadConfig(cwd: string, explicit?: string): Promise<{ file?: string; config: RacecheckConfig }> {
  const file = explicit ?? CONFIG_NAMES.find((n) => existsSync(path.join(cwd, n)));
  if (!file) return { config: {} };
  if (explicit && !existsSync(path.resolve(cwd, explicit))) throw new UsageError(`--config: ${explicit}: file not found`);
  let bundle;
  try {
    const { bundleScenario } = await import('../scenario/load.js'); // esbuild: only when there is a config
    bundle = await bundleScenario(path.resolve(cwd, file));
  } catch (e) {
    throw new UsageError(e instanceof ScenarioError ? `${file}: ${e.detail}` : describeThrown(e).text);
  }
  try {
    // On a thread of its own, with a time limit (scenario/limited-import.ts).
    const { importConfig } = await import('../scenario/limited-import.js');
    return { file, config: validateConfig(file, await importConfig(bundle.path)) };
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${file}: cannot load: ${describeThrown(e).message}`);
  } finally {
    bundle.dispose();
  }
}
