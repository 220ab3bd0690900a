// Reporter selection for the CLI. Every reporter is a pure function from a result to
// text; writing it (stdout, --output-file, GITHUB_STEP_SUMMARY) and the exit code are
// the CLI's business.
import type { RunResult } from '../result.js';
import { renderDefault } from './default.js';
import { renderGithubAnnotations } from './github.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { assertNever } from './kind.js';

import type { ReporterName } from './names.js';

export { REPORTER_NAMES, isReporterName, type ReporterName } from './names.js';

export interface ReportOptions {
  /** Colour on/off, resolved once by the CLI (`resolveColor`); machine reporters ignore it. */
  color: boolean;
  cwd: string;
}

/** The final output of one reporter, ending with a newline (ready for a stream or a file). */
export function renderReport(name: ReporterName, result: RunResult, { color, cwd }: ReportOptions): string {
  switch (name) {
    case 'default': return renderDefault(result, { color, cwd }) + '\n';
    case 'verbose': return renderDefault(result, { color, cwd, verbose: true }) + '\n';
    case 'json': return renderJson(result, { cwd }) + '\n';
    case 'junit': return renderJunit(result, { cwd }) + '\n';
    case 'github-actions': {
      const lines = renderGithubAnnotations(result, { cwd });
      return lines.length > 0 ? lines.join('\n') + '\n' : '';
    }
    default: return assertNever(name);
  }
}

export { makeColors, resolveColor, type ColorInputs, type Colors } from './color.js';
export { renderDefault, renderHeader, renderScenario, renderSummary, renderWritten, type HeaderInfo, type RenderOptions } from './default.js';
export { clean as cleanText } from './text.js';
export { renderGithubAnnotations, MAX_ANNOTATIONS } from './github.js';
export { renderGithubSummary } from './github-summary.js';
export { renderJson, toJsonReport, JSON_SCHEMA_VERSION, type JsonReport } from './json.js';
export { reportJsonSchema } from './json-schema.js';
export { renderJunit } from './junit.js';
