// Where things are, relative to the repository root (the bench runs from anywhere).
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin/racecheck.js');
export const DIST = path.join(ROOT, 'dist');
export const SCENARIOS = path.join(ROOT, 'scenarios');
export const TMP = path.join(ROOT, 'bench/tmp');
export const RESULTS = path.join(ROOT, 'bench/results');

/** Import a module of racecheck's build (dist/...). */
export const dist = (rel) => import(pathToFileURL(path.join(DIST, rel)).href);

export function distReady() {
  return ['cli.js', 'scenario/load.js', 'sched/yield.js', 'sched/prng.js', 'engine/plan.js', 'options.js', 'shm/gate.js']
    .every((f) => existsSync(path.join(DIST, f)));
}

/** scenarios/*<suffix>, sorted: discovered by glob, never a fixed list. */
export function scenarioFiles(suffix) {
  if (!existsSync(SCENARIOS)) return [];
  return readdirSync(SCENARIOS)
    .filter((f) => f.endsWith(suffix))
    .sort()
    .map((f) => path.join(SCENARIOS, f));
}

export const rel = (p) => path.relative(ROOT, p);
