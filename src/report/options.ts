// What every human/markdown renderer needs to know, decided by the caller once.
import { makeColors, type Colors } from './color.js';

export interface RenderOptions {
  /** Colour on or off, already resolved (see `resolveColor`). */
  color: boolean;
  /** Paths in the report are shown relative to this directory. */
  cwd: string;
  /** Full stacks, every transition and every actor's stack. */
  verbose?: boolean;
}

export interface RenderContext {
  c: Colors;
  cwd: string;
  verbose: boolean;
}

export function renderContext(opts: RenderOptions): RenderContext {
  return { c: makeColors(opts.color), cwd: opts.cwd, verbose: opts.verbose ?? false };
}
