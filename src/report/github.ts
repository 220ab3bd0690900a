// GitHub Actions workflow-command annotations (`::error file=...::message`), escaped
// the way the Actions runner (and vitest's reporter) expects. GitHub shows only ten
// annotations of a level per step, so the report picks the ten that matter most and
// says how many it left out rather than letting the runner drop them silently.
import { stripVTControlCharacters } from 'node:util';
import type { Finding, FindingKind, RunResult, ScenarioResult } from '../result.js';
import { relPath } from './format.js';
import { assertNever } from './kind.js';
import { replayFor } from './replay.js';
import { runErrors } from './tally.js';

export const MAX_ANNOTATIONS = 10;

type Level = 'error' | 'warning';

interface Annotation {
  level: Level;
  props: { file?: string; line?: number; col?: number; title: string };
  message: string;
}

export interface GithubOptions {
  cwd?: string;
}

/** Message text: `%`, CR and LF. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values also escape the `:` and `,` that delimit properties. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function levelFor(kind: FindingKind): Level {
  switch (kind) {
    case 'starvation': return 'warning';
    case 'corruption':
    case 'deadlock':
    case 'error': return 'error';
    default: return assertNever(kind);
  }
}

export function renderGithubAnnotations(result: RunResult, opts: GithubOptions = {}): string[] {
  const cwd = opts.cwd ?? process.cwd();
  const all: Annotation[] = [];
  for (const e of runErrors(result)) all.push({ level: 'error', props: { title: 'racecheck: run error' }, message: e });
  for (const s of result.scenarios) {
    const file = relPath(s.file, cwd);
    if (s.status === 'error') {
      all.push({ level: 'error', props: { file, title: `racecheck: ${s.scenario} could not run` }, message: s.error ?? 'scenario error' });
    }
    for (const f of s.findings) all.push(findingAnnotation(f, s, file, cwd));
  }
  // Errors first (stable within a level): a starvation warning must not push a
  // corruption out of the ten shown.
  const ordered = [...all.filter((a) => a.level === 'error'), ...all.filter((a) => a.level === 'warning')];
  const lines = ordered.slice(0, MAX_ANNOTATIONS).map(format);
  const left = ordered.length - MAX_ANNOTATIONS;
  if (left > 0) {
    lines.push(`::notice title=${escapeProperty('racecheck')}::${escapeData(`${left} more finding${left === 1 ? '' : 's'} not annotated (at most ${MAX_ANNOTATIONS} per run); see the job summary or the full report.`)}`);
  }
  return lines;
}

function findingAnnotation(f: Finding, s: ScenarioResult, scenarioFile: string, cwd: string): Annotation {
  const loc = f.location;
  return {
    level: levelFor(f.kind),
    props: {
      file: loc ? relPath(loc.file, cwd) : scenarioFile,
      ...(loc ? { line: loc.line } : {}),
      ...(loc?.column !== undefined ? { col: loc.column } : {}),
      title: `racecheck ${f.kind} (${f.check}): ${s.scenario}`,
    },
    message: `${f.message}\nreplay: ${replayFor(s, f)}`,
  };
}

function format(a: Annotation): string {
  const { file, line, col, title } = a.props;
  const props = [
    file !== undefined ? `file=${escapeProperty(file)}` : '',
    line !== undefined ? `line=${line}` : '',
    col !== undefined ? `col=${col}` : '',
    `title=${escapeProperty(stripVTControlCharacters(title))}`,
  ].filter(Boolean).join(',');
  return `::${a.level} ${props}::${escapeData(stripVTControlCharacters(a.message))}`;
}
