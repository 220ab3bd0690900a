// A thrown value, whatever it is, as text. JavaScript lets code throw anything: an
// Error, a string, a symbol, an object with no prototype (String() of it throws),
// or one whose toString() or name getter throws. None of these may turn a finding
// of the scenario into an internal error of racecheck.
import { inspect } from 'node:util';

export interface Thrown {
  /** "TypeError: x is undefined", or "non-Error thrown: <value>". */
  text: string;
  /** An Error's message alone (for "setup() threw: <message>"); else the same as text. */
  message: string;
  stack?: string;
}

function safe<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** Never throws (a getter or a proxy trap that throws included). */
export function describeThrown(e: unknown): Thrown {
  const isError = safe(() => e instanceof Error) ?? false;
  if (isError) {
    const err = e as Error;
    const name = safe(() => String(err.name)) ?? 'Error';
    const message = safe(() => String(err.message)) ?? '';
    const stack = safe(() => (typeof err.stack === 'string' ? err.stack : undefined));
    return { text: message ? `${name}: ${message}` : name, message: message || name, ...(stack ? { stack } : {}) };
  }
  const shown = safe(() => inspect(e, { depth: 2, breakLength: Infinity, maxStringLength: 500, customInspect: false })) ?? Object.prototype.toString.call(e);
  const text = `non-Error thrown: ${shown}`;
  return { text, message: text };
}
