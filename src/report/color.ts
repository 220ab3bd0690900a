// Colour is decided once, by the CLI, and passed down as a boolean: reporters never
// look at the environment or the stream themselves, and nothing uses chalk's global
// instance (whose own detection could disagree with ours).
import { Chalk, type ChalkInstance } from 'chalk';

export type Colors = ChalkInstance;

export { resolveColor, type ColorInputs } from './color-choice.js';

/** Level 1 (16 colours) is enough for badges and reads the same on every terminal. */
export function makeColors(enabled: boolean): Colors {
  return new Chalk({ level: enabled ? 1 : 0 });
}
