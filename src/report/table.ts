// cli-table3 set up so that colour is ours alone: its own styling goes through
// @colors/colors, which detects the terminal by itself, so it is switched off and the
// header cells are coloured with our chalk instance instead.
import Table from 'cli-table3';
import type { Colors } from './color.js';

// Box-drawing characters are not ASCII; a plain (colourless) report stays ASCII-safe.
const ASCII_CHARS = {
  top: '-', 'top-mid': '+', 'top-left': '+', 'top-right': '+',
  bottom: '-', 'bottom-mid': '+', 'bottom-left': '+', 'bottom-right': '+',
  left: '|', 'left-mid': '+', mid: '-', 'mid-mid': '+', right: '|', 'right-mid': '+', middle: '|',
};

export type Align = 'left' | 'right';

export function renderTable(c: Colors, head: readonly string[], rows: readonly (readonly (string | number)[])[], align?: readonly Align[]): string[] {
  const table = new Table({
    head: head.map((h) => c.bold(h)),
    style: { head: [], border: [], compact: true },
    ...(c.level === 0 ? { chars: ASCII_CHARS } : {}),
    ...(align ? { colAligns: [...align] } : {}),
  });
  for (const row of rows) table.push(row.map((cell) => String(cell)));
  return table.toString().split('\n');
}
