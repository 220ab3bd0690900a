// GitHub Actions workflow-command annotations (`::error file=...::message`), escaped
// the way the Actions runner (and vitest's reporter) expects. GitHub shows only ten
// annotations of a level per step, so the report picks the ten that matter most and
// says how many it left out rather than letting the runner drop them silently.
import { stripVTControlCharacters } from 'node:util';
import type { Finding, FindingKind, RunResult, ScenarioResult } from '../result.js';
import { relPath } from './format.js';
import { assertNever } from './kind.js';
import { replayFor } from './replay.js';
import { isFailing } from './status.js';
import { showControl } from './text.js';
import { runErrors } from './tally.js';

export const MAX_ANNOTATIONS = 10;

type Level = 'error' | 'warning';

interface Annotation {
  level: Level;
  ignored?: boolean;
  props: { file?: string; line?: number; col?: number; title: string };
  message: string;
}

export interface GithubOptions {
  cwd?: string;
}

/**
 * Message text: `%`, CR and LF as the runner reads them back; ANSI sequences removed
 * and other control characters (NUL, BEL, a lone ESC...) shown as `\xNN`, so user
 * text can neither end the command early nor reach the log as raw bytes.
 */
export function escapeData(s: string): string {
  return stripVTControlCharacters(s)
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, showControl)
    .replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
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
  // Errors first (stable within a level), findings --fail-on ignored last: a
  // starvation warning must not push a corruption out of the ten shown.
  const rank = (a: Annotation) => (a.level === 'error' ? 0 : a.ignored ? 2 : 1);
  const ordered = [0, 1, 2].flatMap((r) => all.filter((a) => rank(a) === r));
  const lines = ordered.slice(0, MAX_ANNOTATIONS).map(format);
  const left = ordered.length - MAX_ANNOTATIONS;
  if (left > 0) {
    lines.push(`::notice title=${escapeProperty('racecheck')}::${escapeData(`${left} more finding${left === 1 ? '' : 's'} not annotated (at most ${MAX_ANNOTATIONS} per run); see the job summary or the full report.`)}`);
  }
  return lines;
}

function findingAnnotation(f: Finding, s: ScenarioResult, scenarioFile: string, cwd: string): Annotation {
  const loc = f.location;
  const ignored = !isFailing(f);
  return {
    // Ignored by --fail-on: shown, never as an error (the job is green).
    level: ignored ? 'warning' : levelFor(f.kind),
    ignored,
    props: {
      file: loc ? relPath(loc.file, cwd) : scenarioFile,
      ...(loc ? { line: loc.line } : {}),
      ...(loc?.column !== undefined ? { col: loc.column } : {}),
      title: `racecheck ${f.kind} (${f.check})${ignored ? ' ignored by --fail-on' : ''}: ${s.scenario}`,
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
    `title=${escapeProperty(title)}`,
  ].filter(Boolean).join(',');
  return `::${a.level} ${props}::${escapeData(a.message)}`;
}
