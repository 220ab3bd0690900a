// Value parsers for CLI flags: each throws commander's InvalidArgumentError
// with what was expected, so bad input is one line and exit code 2.
import { InvalidArgumentError } from 'commander';

export function parseInteger(min: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim()) || Number(value) < min) {
      throw new InvalidArgumentError(`expected an integer >= ${min}.`);
    }
    return Number(value);
  };
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "30s", "500ms", "2m", "1.5s"; a bare number is seconds. */
export function parseDuration(value: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  if (!m) throw new InvalidArgumentError('expected a duration such as 500ms, 30s or 2m.');
  return Math.round(Number(m[1]) * UNITS[m[2] ?? 's']!);
}
