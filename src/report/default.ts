// The human reporter (default and verbose). Each function returns text without a
// trailing newline; the caller decides where it goes.
import type { RunResult, ScenarioResult } from '../result.js';
import { renderHeaderLines, type HeaderInfo } from './header.js';
import { renderContext, type RenderOptions } from './options.js';
import { renderScenarioLines } from './scenario.js';
import { renderSummaryLines, renderWrittenLine } from './summary.js';

export type { HeaderInfo } from './header.js';
export type { RenderOptions } from './options.js';

export function renderHeader(info: HeaderInfo, opts: RenderOptions): string {
  return renderHeaderLines(info, renderContext(opts)).join('\n');
}

export function renderScenario(result: ScenarioResult, opts: RenderOptions): string {
  return renderScenarioLines(result, renderContext(opts)).join('\n');
}

export function renderSummary(result: RunResult, opts: RenderOptions): string {
  return renderSummaryLines(result, renderContext(opts)).join('\n');
}

export function renderWritten(written: readonly { reporter: string; to: string }[], opts: RenderOptions): string {
  return renderWrittenLine(written, renderContext(opts));
}

/** The whole human report at the end of a run: every scenario, then the summary. */
export function renderDefault(result: RunResult, opts: RenderOptions): string {
  const ctx = renderContext(opts);
  const blocks = result.scenarios.map((s) => renderScenarioLines(s, ctx).join('\n'));
  return [...blocks, renderSummaryLines(result, ctx).join('\n')].join('\n\n');
}
