// Nothing a run started outlives the supervisor: on a second Ctrl-C, SIGTERM or SIGHUP
// (src/cli.ts exits on them) or a process.exit(), one 'exit' listener kills the run
// processes' groups and trees and the waiting spare, and removes the bundle folders.
// Whoever starts run processes installs it (run(), list(), the CLI before its early
// fork), never the import of a module: a program that only imports racecheck gets no
// listener of ours.
import { killTrackedRuns } from './reap.js';
import { removeBundleFolders } from './run-end.js';
import { dropSpare } from './spawn.js';

let installed = false;

/** Install the listener (once per process; it stays, and finds nothing left after a clean run). */
export function cleanUpOnExit(): void {
  if (installed) return;
  installed = true;
  process.on('exit', () => {
    dropSpare();
    killTrackedRuns();
    removeBundleFolders();
  });
}
