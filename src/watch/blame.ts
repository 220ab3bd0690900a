// Whom a blocked main thread's stack blames. A heartbeat can be late for reasons that
// are no bug of the scenario (the process descheduled on a loaded machine, a GC pause,
// racecheck's own work): only a frame of code that is neither racecheck's nor Node's
// (stack/owner.ts: the user's or a library's it calls) makes a blocked event loop the
// scenario's doing.
import { parseStack } from '../stack/frames.js';
import { frameOwner, ownDirs } from '../stack/owner.js';

export function blamesUser(stack: string | undefined, dirs: readonly string[] = ownDirs()): boolean {
  if (!stack) return false;
  return parseStack(stack).frames.some((f) => {
    const owner = frameOwner(f, dirs);
    return owner === 'user' || owner === 'library';
  });
}

/**
 * Whether a blocked stack stands inside the synchronous part of an asynchronous spawn
 * (`execFile`, `spawn`, `exec`: Node's frames from the top down to ChildProcess.spawn,
 * no `*Sync` call). Forking takes a few milliseconds on an idle machine; on a loaded one
 * the parent waits, asleep, until the child has been scheduled to exec: the machine's
 * doing, not a synchronous wait of the scenario's (a correct control that awaits
 * `execFile` read as a 235 ms blocked loop under load). `spawnSync`/`execSync` are not
 * this: they block for the child's whole run and are the scenario's.
 */
export function inAsyncSpawn(stack: string | undefined): boolean {
  if (!stack) return false;
  const top: string[] = [];
  for (const f of parseStack(stack).frames) {
    if (!f.file?.startsWith('node:')) break;
    top.push(f.fn ?? '');
  }
  return top.includes('ChildProcess.spawn') && !top.some((fn) => /Sync$/.test(fn));
}
