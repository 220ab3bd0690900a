// Whether to use colour, decided once by the CLI. A module of its own (no
// chalk) so the CLI can decide before the reporters are loaded.

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
