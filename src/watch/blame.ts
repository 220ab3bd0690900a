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
