// Scenario files are bundled here, in the supervisor, while the run process that will
// run them boots (engine/spawn.ts forks it ahead): esbuild's work is off the path from
// `racecheck run` to round 1, and the run process never loads esbuild. Bundling runs
// no scenario code (esbuild parses; the plugins read files), so a hostile scenario can
// hurt no process but its own run process still. A folder of files bundles the next
// file while this one runs.
import { bundleScenario } from '../scenario/load.js';
import { ScenarioError } from '../scenario/errors.js';
import { describeThrown } from '../thrown.js';
import { bundleFolder } from './run-end.js';

export interface Prepared {
  /** The file as the user wrote it (relative to cwd). */
  file: string;
  cwd: string;
  /** The run's folder (bundle, round beacon): whoever takes it removes it. */
  folder: { dir: string; remove(): void };
  /** The bundle's path, or the one-line error that the file cannot be bundled. */
  bundled: Promise<{ path: string } | { error: string; stack?: string }>;
}

function prepare(file: string, cwd: string): Prepared {
  const folder = bundleFolder();
  const bundled = bundleScenario(file, folder.dir, cwd).then(
    (b) => ({ path: b.path }),
    (e: unknown) => {
      if (e instanceof ScenarioError) return { error: e.message, ...(e.causeStack ? { stack: e.causeStack } : {}) };
      const t = describeThrown(e);
      return { error: `${file}: internal error: ${t.text}`, ...(t.stack ? { stack: t.stack } : {}) };
    },
  );
  return { file, cwd, folder, bundled };
}

let ahead: Prepared | undefined;

/** Start bundling `file` now (the next file of a folder, while this one runs). */
export function prepareAhead(file: string, cwd: string): Prepared {
  if (ahead?.file === file && ahead.cwd === cwd) return ahead;
  dropAhead();
  ahead = prepare(file, cwd);
  return ahead;
}

/** `file`'s bundle: the one started ahead if it is this file's, else a new one. */
export function takePrepared(file: string, cwd: string): Prepared {
  const a = ahead;
  ahead = undefined;
  if (a && a.file === file && a.cwd === cwd) return a;
  if (a) void a.bundled.then(() => a.folder.remove());
  return prepare(file, cwd);
}

/** The run is over: a bundle made ahead for a file that will not run is removed. */
export function dropAhead(): void {
  const a = ahead;
  ahead = undefined;
  if (a) void a.bundled.then(() => a.folder.remove());
}
