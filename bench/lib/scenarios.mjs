// Discovering scenarios: every scenarios/*-buggy.ts and *-fixed.ts present when
// the bench starts (other engineers add files; nothing here lists them by name).
// Each file is bundled with racecheck's own loader and imported once, to read
// what the source alone does not say reliably (workers: false, counts).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { dist, rel, scenarioFiles } from './paths.mjs';

/** `// expect: <kind> [check]` from the file's header comment. */
export function expectOf(source) {
  const m = /^[ \t]*\/\/[ \t]*expect:[ \t]*([a-z-]+)(?:[ \t]+([a-z|-]+))?/m.exec(source);
  return m ? { kind: m[1], check: m[2] ?? null } : null;
}

export async function describe(file) {
  const source = readFileSync(file, 'utf8');
  const { bundleScenario } = await dist('scenario/load.js');
  const info = {
    file,
    rel: rel(file),
    base: path.basename(file, '.ts'),
    expect: expectOf(source),
    usesTransition: /\bctx\.transition\s*\(/.test(source) || /\.transition\s*\(/.test(source),
    scenarios: [],
    loadError: null,
  };
  let bundle;
  try {
    bundle = await bundleScenario(file);
    const mod = await import(pathToFileURL(bundle.path).href);
    const list = Array.isArray(mod.default) ? mod.default : [mod.default];
    info.scenarios = list.map((s) => ({
      name: s?.name,
      loopOnly: s?.workers === false,
      workerOnly: s?.tasks === false,
    }));
  } catch (e) {
    info.loadError = String(e?.message ?? e);
  } finally {
    bundle?.dispose();
  }
  info.loopOnly = info.scenarios.length > 0 && info.scenarios.every((s) => s.loopOnly);
  return info;
}

export async function discover() {
  const buggy = [];
  for (const f of scenarioFiles('-buggy.ts')) buggy.push(await describe(f));
  const fixed = [];
  for (const f of scenarioFiles('-fixed.ts')) fixed.push(await describe(f));
  return { buggy, fixed };
}
