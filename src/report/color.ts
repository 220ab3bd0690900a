// Colour is decided once, by the CLI, and passed down as a boolean: reporters never
// look at the environment or the stream themselves, and nothing uses chalk's global
// instance (whose own detection could disagree with ours).
import { Chalk, type ChalkInstance } from 'chalk';

export type Colors = ChalkInstance;

export interface ColorInputs {
  /** `--color` (true) / `--no-color` (false); undefined when neither was given. */
  flag?: boolean | undefined;
  env?: Readonly<Record<string, string | undefined>>;
  stream?: { isTTY?: boolean | undefined };
}

/** flag > NO_COLOR (non-empty) > FORCE_COLOR > the stream is a TTY. */
export function resolveColor({ flag, env = process.env, stream = process.stdout }: ColorInputs = {}): boolean {
  if (flag !== undefined) return flag;
  // no-color.org: "present and not an empty string".
  if (env['NO_COLOR']) return false;
  const force = env['FORCE_COLOR'];
  // Same reading as chalk's supports-color: FORCE_COLOR=0/false forces colour off,
  // any other value (even empty) forces it on.
  if (force !== undefined) return force !== '0' && force !== 'false';
  return stream.isTTY === true && env['TERM'] !== 'dumb';
}

/** Level 1 (16 colours) is enough for badges and reads the same on every terminal. */
export function makeColors(enabled: boolean): Colors {
  return new Chalk({ level: enabled ? 1 : 0 });
}
