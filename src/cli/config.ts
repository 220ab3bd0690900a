// Find and load racecheck.config.{ts,mts,js,mjs}: bundled with esbuild like a
// scenario (no build step), validated field by field with one-line errors.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { OPTIONS, OptionError, type FlagValues, type OptionName, type Row } from '../options.js';
import { ScenarioError, UsageError } from '../scenario/errors.js';
import { describeThrown } from '../thrown.js';

export const CONFIG_NAMES = ['racecheck.config.ts', 'racecheck.config.mts', 'racecheck.config.js', 'racecheck.config.mjs'];

/** A config file's values, each checked and converted by its row (durations are milliseconds). */
export type ConfigValues = Omit<FlagValues, never>;

const FIELDS = (Object.entries(OPTIONS) as [OptionName, Row][]).filter(([, r]) => r.config !== false);

export function validateConfig(file: string, value: unknown): ConfigValues {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(`${file}: the default export must be a config object (export default defineConfig({ ... }))`);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const r = FIELDS.find(([name]) => name === k)?.[1];
    if (!r) throw new UsageError(`${file}: unknown field "${k}" (expected one of ${FIELDS.map(([n]) => n).join(', ')})`);
    if (v === undefined) continue;
    try {
      out[k] = r.type.fromValue(v);
    } catch (e) {
      if (e instanceof OptionError) throw new UsageError(`${file}: "${k}" must be ${e.expected}, got ${e.got}`);
      throw e;
    }
  }
  return out as ConfigValues;
}

/** The config given with --config, else the first racecheck.config.* in cwd, else none. */
export async function loadConfig(cwd: string, explicit?: string): Promise<{ file?: string; config: ConfigValues }> {
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
