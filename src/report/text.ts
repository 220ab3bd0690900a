// Sanitising of text that comes from user code (messages, labels, stacks): a scenario
// must not be able to repaint the terminal or split a CI log line with stray escape
// codes or control characters.
import { stripVTControlCharacters } from 'node:util';

const CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/g;

/** Removes ANSI sequences, keeps `\n` and `\t`, shows other control characters as `\xNN`. */
export function clean(text: string): string {
  return stripVTControlCharacters(text.replace(/\r\n/g, '\n')).replace(CONTROL, showControl);
}

/** A control character as the text `\xNN`. */
export function showControl(ch: string): string {
  return `\\x${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
}

export function indent(lines: readonly string[], prefix: string): string[] {
  return lines.map((line) => (line === '' ? line : prefix + line));
}

/** Splits cleaned text into lines, dropping trailing blank ones. */
export function lines(text: string): string[] {
  const out = clean(text).split('\n');
  while (out.length > 0 && out[out.length - 1]!.trim() === '') out.pop();
  return out;
}
