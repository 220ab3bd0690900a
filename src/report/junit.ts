// The JUnit XML reporter, in the testsuites / testsuite / testcase / failure shape
// GitLab and Jenkins parse, after vitest's: one testsuite per file, one testcase per
// scenario. Names carry no seed, so a CI history lines the same test up across runs.
import type { Finding, RunResult, ScenarioResult } from '../result.js';
import { renderFinding } from './finding.js';
import { relPath } from './format.js';
import { assertNever } from './kind.js';
import { renderContext } from './options.js';
import { replayFor, scenarioReplay } from './replay.js';
import { isFailing } from './status.js';
import { groupByFile, runErrors } from './tally.js';
import { attrs, escapeXmlText } from './xml.js';

export interface JunitOptions {
  cwd?: string;
}

// Counted once per testcase, like vitest: an error outranks failures.
type Outcome = 'passed' | 'failure' | 'error' | 'skipped';

// From the status alone (src/report/status.ts): a finding --fail-on ignored is no <failure>.
function outcome(s: ScenarioResult): Outcome {
  switch (s.status) {
    case 'error': return 'error';
    case 'fail': return 'failure';
    case 'interrupted': return 'skipped';
    case 'pass': return 'passed';
    default: return assertNever(s.status);
  }
}

export function renderJunit(result: RunResult, opts: JunitOptions = {}): string {
  const cwd = opts.cwd ?? process.cwd();
  const plain = renderContext({ color: false, cwd });
  const files = groupByFile(result, cwd);
  const count = (list: readonly ScenarioResult[], o: Outcome) => list.filter((s) => outcome(s) === o).length;
  const errors = runErrors(result);
  const runErrorCase = errors.length > 0 ? 1 : 0;
  const filtered = (result.skipped ?? []).reduce((n, f) => n + f.scenarios.length, 0);

  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites${attrs({
    name: 'racecheck',
    tests: result.scenarios.length + runErrorCase + filtered,
    failures: count(result.scenarios, 'failure'),
    errors: count(result.scenarios, 'error') + runErrorCase,
    skipped: count(result.scenarios, 'skipped') + filtered,
    time: seconds(result.durationMs),
  })}>`);
  for (const f of files) {
    out.push(`  <testsuite${attrs({
      name: f.file,
      tests: f.scenarios.length,
      failures: count(f.scenarios, 'failure'),
      errors: count(f.scenarios, 'error'),
      skipped: count(f.scenarios, 'skipped'),
      time: seconds(f.durationMs),
    })}>`);
    for (const s of f.scenarios) {
      out.push(`    <testcase${attrs({ classname: f.file, name: s.scenario, time: seconds(s.durationMs) })}>`);
      if (s.status === 'error') out.push(element('error', { message: firstLine(s.error ?? 'scenario error'), type: 'error' }, s.error ?? ''));
      const block = (finding: Finding) => [...renderFinding(finding, plain), '', `replay: ${replayFor(s, finding)}`].join('\n');
      // Only a failed testcase has <failure>s; a finding --fail-on ignored is output.
      const failing = outcome(s) === 'failure' ? s.findings.filter(isFailing) : [];
      for (const finding of failing) out.push(element('failure', { message: finding.message, type: finding.kind }, block(finding)));
      if (outcome(s) === 'failure' && failing.length === 0) out.push(element('failure', { message: 'failed without a recorded finding', type: 'fail' }, ''));
      if (outcome(s) === 'skipped') out.push('      <skipped message="interrupted before the budget ran out"/>');
      const said = [
        ...s.findings.filter((f) => !failing.includes(f)).map(block),
        ...(scenarioReplay(s) ? [`replay: ${scenarioReplay(s)}`] : []),
      ];
      if (said.length > 0) out.push(`      <system-out>${escapeXmlText(said.join('\n\n'))}</system-out>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  // Usage and load errors not tied to a file still have to turn the CI job red.
  if (runErrorCase) {
    out.push(`  <testsuite${attrs({ name: 'racecheck', tests: 1, failures: 0, errors: 1, skipped: 0, time: '0.000' })}>`);
    out.push(`    <testcase${attrs({ classname: 'racecheck', name: 'run', time: '0.000' })}>`);
    for (const e of errors) out.push(element('error', { message: firstLine(e), type: 'error' }, e));
    out.push('    </testcase>', '  </testsuite>');
  }
  // Files the --scenario filter left out: each of their scenarios, skipped.
  for (const f of result.skipped ?? []) {
    const file = relPath(f.file, cwd);
    out.push(`  <testsuite${attrs({ name: file, tests: f.scenarios.length, failures: 0, errors: 0, skipped: f.scenarios.length, time: '0.000' })}>`);
    for (const name of f.scenarios) {
      out.push(`    <testcase${attrs({ classname: file, name, time: '0.000' })}>`, '      <skipped message="no scenario of the file matches the --scenario filter"/>', '    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n');
}

function element(name: string, values: Record<string, string>, body: string): string {
  return `      <${name}${attrs(values)}>${escapeXmlText(body)}</${name}>`;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}

function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}
