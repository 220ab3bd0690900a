// Markdown for $GITHUB_STEP_SUMMARY: a table of every scenario, then each finding with
// its plain report block (collapsed) and the replay command ready to copy.
import type { RunResult, ScenarioResult } from '../result.js';
import { renderFinding } from './finding.js';
import { formatCount, formatMs, opsPerSecond, plural, relPath } from './format.js';
import { assertNever, kindLabel, statusLabel, type Status } from './kind.js';
import { renderContext } from './options.js';
import { replayFor, scenarioReplay } from './replay.js';
import { countKinds, describeFindings, describeKinds, groupByFile, runErrors, total } from './tally.js';
import { clean } from './text.js';

// The step summary is capped at 1 MiB by GitHub; the full report is in the artifacts.
const MAX_FINDINGS = 20;

export interface GithubSummaryOptions {
  cwd?: string;
}

export function renderGithubSummary(result: RunResult, opts: GithubSummaryOptions = {}): string {
  const cwd = opts.cwd ?? process.cwd();
  const plain = renderContext({ color: false, cwd });
  const files = groupByFile(result, cwd);
  const out = [`## racecheck: ${icon(result.status)} ${statusLabel(result.status)}`, ''];
  const found = describeFindings(result.scenarios);
  const skipped = result.skipped ?? [];
  out.push(`${plural(files.length, 'file')}, ${plural(result.scenarios.length, 'scenario')}, ${found || '0 findings'} in ${formatMs(result.durationMs)}.`, '');
  if (skipped.length > 0) out.push(`Skipped (no scenario matches the --scenario filter): ${skipped.map((f) => code(relPath(f.file, cwd))).join(', ')}.`, '');

  for (const e of runErrors(result)) out.push(`> **Error:** ${cell(e)}`, '');

  if (files.length > 0) {
    out.push('| File | Scenario | Status | Findings | Rounds | Ops/s | Replay |', '| --- | --- | --- | --- | ---: | ---: | --- |');
    for (const f of files) {
      for (const s of f.scenarios) {
        const replay = scenarioReplay(s);
        out.push(`| ${code(f.file)} | ${cell(s.scenario)} | ${icon(s.status)} ${s.status} | ${cell(findingsCell(s))} | ${s.rounds} | ${formatCount(opsPerSecond(s.ops, s.durationMs))} | ${replay ? code(replay) : ''} |`);
      }
    }
    out.push('');
  }

  const findings = result.scenarios.flatMap((s) => s.findings.map((f) => ({ s, f })));
  if (findings.length > 0) out.push('### Findings', '');
  for (const { s, f } of findings.slice(0, MAX_FINDINGS)) {
    const where = f.location ? ` at ${code(`${relPath(f.location.file, cwd)}:${f.location.line}`)}` : '';
    out.push(
      `#### ${kindLabel(f.kind)} ${code(f.check)} in ${cell(s.scenario)}${where}${f.ignored ? ' (ignored by --fail-on)' : ''}`,
      '',
      cell(f.message),
      '',
      '<details><summary>Report</summary>',
      '',
      fence(renderFinding(f, plain).join('\n'), 'text'),
      '',
      '</details>',
      '',
      fence(replayFor(s, f), 'sh'),
      '',
    );
  }
  if (findings.length > MAX_FINDINGS) out.push(`_${findings.length - MAX_FINDINGS} more findings in the full report._`, '');
  return out.join('\n');
}

function findingsCell(s: ScenarioResult): string {
  if (s.status === 'error') return s.error?.split('\n')[0] ?? 'error';
  const ignored = countKinds([s], 'ignored');
  return [describeKinds(countKinds([s], 'failing')), total(ignored) > 0 ? `${describeKinds(ignored)} ignored by --fail-on` : ''].filter(Boolean).join('; ') || '-';
}

function icon(status: Status): string {
  switch (status) {
    case 'pass': return ':white_check_mark:';
    case 'fail': return ':x:';
    case 'error': return ':boom:';
    case 'interrupted': return ':warning:';
    default: return assertNever(status);
  }
}

/** Table-cell text: one line, no table or HTML syntax. */
function cell(text: string): string {
  return clean(text).replace(/\r?\n/g, ' ').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|');
}

/** Inline code that survives backticks and table pipes in its content. */
function code(raw: string): string {
  const text = clean(raw);
  const ticks = '`'.repeat(longestRun(text, '`') + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|')}${pad}${ticks}`;
}

function fence(raw: string, lang: string): string {
  const text = clean(raw);
  const ticks = '`'.repeat(Math.max(3, longestRun(text, '`') + 1));
  return `${ticks}${lang}\n${text}\n${ticks}`;
}

function longestRun(text: string, ch: string): number {
  let best = 0;
  let run = 0;
  for (const c of text) {
    run = c === ch ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}
