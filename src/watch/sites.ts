// Where each loop task last stood. A task pending on a promise has no stack on the
// main thread, so the main thread remembers a stack at the points where tasks stop
// to wait: a contended SharedMutex.lock() and ctx.label(). Stacks are captured
// unformatted (cheap) and formatted only when the watchdog asks (stacks.ts evaluates
// the dump function on the paused main thread).
import { SITES_KEY, cleanEvalStack } from './stacks.js';

const sites = new Map<number, Error>();
/** Label sites by label text: capturing a stack costs µs, and ops label on every call. */
const labelSites = new Map<string, Error>();

export function recordSite(actor: number, what: string): void {
  sites.set(actor, new Error(what));
}

/**
 * A ctx.label() site: the stack of the first call with this text on this
 * thread stands for later ones (the same label text is, in practice, the same
 * place in the code; a lock wait, by contrast, is captured every time).
 */
export function recordLabelSite(actor: number, label: string): void {
  // Keyed by the label's text: the site's message is made only with its stack.
  let e = labelSites.get(label);
  if (!e) {
    e = new Error(`label("${label}")`);
    if (labelSites.size > 1000) labelSites.clear();
    labelSites.set(label, e);
  }
  sites.set(actor, e);
}

export function clearSites(): void {
  sites.clear();
}

/** Formatted site stacks by actor id; the frames of recordSite's callers inside racecheck stay in (reporters hide them). */
export function dumpSites(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [actor, e] of sites) {
    const stack = e.stack ?? '';
    out[actor] = cleanEvalStack(stack).split('\n').filter((l) => !l.includes('recordSite')).join('\n');
  }
  return out;
}

export function installSiteDump(): void {
  (globalThis as Record<symbol, unknown>)[Symbol.for(SITES_KEY)] = dumpSites;
}
