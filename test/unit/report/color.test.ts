import { describe, expect, it } from 'vitest';
import { makeColors, resolveColor } from '../../../src/report/color.js';
import { renderHeader, renderScenario, renderSummary } from '../../../src/report/default.js';
import { CWD, corrupted, deadlocked, errored, mixedRun } from './fixtures.js';

const ESC = '\x1b';
const tty = { isTTY: true };
const pipe = { isTTY: false };

describe('resolveColor', () => {
  it('follows flag > NO_COLOR > FORCE_COLOR > TTY', () => {
    expect(resolveColor({ flag: true, env: { NO_COLOR: '1' }, stream: pipe })).toBe(true);
    expect(resolveColor({ flag: false, env: { FORCE_COLOR: '1' }, stream: tty })).toBe(false);
    expect(resolveColor({ env: { NO_COLOR: '1', FORCE_COLOR: '1' }, stream: tty })).toBe(false);
    expect(resolveColor({ env: { FORCE_COLOR: '1' }, stream: pipe })).toBe(true);
    expect(resolveColor({ env: { FORCE_COLOR: '0' }, stream: tty })).toBe(false);
    expect(resolveColor({ env: {}, stream: tty })).toBe(true);
    expect(resolveColor({ env: {}, stream: pipe })).toBe(false);
  });

  it('ignores an empty NO_COLOR, as no-color.org says', () => {
    expect(resolveColor({ env: { NO_COLOR: '' }, stream: tty })).toBe(true);
  });
});

describe('colour on and off', () => {
  it('makeColors does not depend on the global chalk level', () => {
    expect(makeColors(true).red('x')).toContain(ESC);
    expect(makeColors(false).red('x')).toBe('x');
  });

  it('colour on produces escape codes', () => {
    expect(renderScenario(corrupted(), { color: true, cwd: CWD })).toContain(ESC);
  });

  it('colour off produces plain ASCII without escape codes, verbose or not', () => {
    for (const verbose of [false, true]) {
      const opts = { color: false, cwd: CWD, verbose };
      const text = [
        renderHeader(corrupted(), opts),
        ...[corrupted(), deadlocked(), errored()].map((s) => renderScenario(s, opts)),
        renderSummary(mixedRun(), opts),
      ].join('\n');
      expect(text).not.toContain(ESC);
      expect(text).toMatch(/^[\t\n\x20-\x7e]*$/);
    }
  });

  it('strips escape codes that come from user text even with colour on', () => {
    const s = corrupted({ scenario: '\x1b[2Jwipe', findings: [{ ...corrupted().findings[0]!, message: 'bad\x1b[31m red\x07' }] });
    const text = renderScenario(s, { color: false, cwd: CWD });
    expect(text).not.toContain(ESC);
    expect(text).toContain('bad red\\x07');
  });
});
