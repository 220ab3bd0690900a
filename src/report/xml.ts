// XML 1.0 text and attribute escaping. Characters XML 1.0 cannot carry at all (most
// C0 controls, lone surrogates, U+FFFE/U+FFFF; not even as `&#N;`) are shown as
// `\xNN` / `\uNNNN` text instead of being dropped, so a report still shows that they
// were there. Escaping everything (no CDATA) means `]]>` in user text is harmless.
import { stripVTControlCharacters } from 'node:util';

const INVALID = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function visible(ch: string): string {
  const code = ch.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}` : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

export function escapeXmlText(value: string): string {
  return stripVTControlCharacters(value)
    .replace(INVALID, visible)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Attribute values also escape line breaks and tabs, which parsers would otherwise normalise to spaces. */
export function escapeXmlAttr(value: string): string {
  return escapeXmlText(value)
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#9;');
}

export type Attrs = Record<string, string | number | undefined>;

export function attrs(values: Attrs): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXmlAttr(String(v))}"`)
    .join('');
}
