// Number, duration and path formatting shared by every reporter. Output is ASCII only.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Checksums are 32-bit words: always 8 hex digits, negative Int32 values wrapped. */
export function hex8(n: number): string {
  return `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
}

/**
 * 1,234,567. Not toLocaleString: its first call loads ICU's locale data, 60 ms of
 * this machine's CPU in the supervisor while the run process starts (issue 12).
 */
export function formatCount(n: number): string {
  const v = Math.round(n);
  if (!Number.isFinite(v)) return String(v);
  const digits = String(Math.abs(v));
  let out = '';
  for (let i = digits.length; i > 0; i -= 3) out = digits.slice(Math.max(0, i - 3), i) + (out ? ',' + out : '');
  return v < 0 ? '-' + out : out;
}

// Durations in reports: the one formatter (src/duration.ts), under the name reporters use.
export { formatDuration as formatMs } from '../duration.js';

export function opsPerSecond(ops: number, durationMs: number): number {
  return durationMs > 0 ? (ops * 1000) / durationMs : 0;
}

export { plural } from '../plural.js';

/**
 * Paths in reports are relative to the working directory with `/` separators, so the
 * same report reads the same on every CI machine and GitHub can map annotations.
 */
export function relPath(file: string, cwd: string): string {
  const abs = file.startsWith('file://') ? fileURLToPath(file) : path.resolve(cwd, file);
  const rel = path.relative(cwd, abs) || '.';
  return rel.split(path.sep).join('/');
}
