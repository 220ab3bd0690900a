// Best-effort source location of a finding: the first stack frame inside the
// scenario file (inline source maps make frames point at the user's .ts lines).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourceLocation } from '../result.js';

const FRAME = /\(?((?:file:\/\/)?[^\s()]+?):(\d+):(\d+)\)?\s*$/;

export function frames(stack: string): SourceLocation[] {
  const out: SourceLocation[] = [];
  for (const line of stack.split('\n')) {
    if (!line.trimStart().startsWith('at ')) continue;
    const m = FRAME.exec(line);
    if (!m) continue;
    let file = m[1]!;
    if (file.startsWith('file://')) {
      try {
        file = fileURLToPath(file);
      } catch {
        continue;
      }
    }
    out.push({ file, line: Number(m[2]), column: Number(m[3]) });
  }
  return out;
}

/** First frame in the scenario file, else the first frame outside node internals and racecheck. */
export function locate(stack: string, scenarioFile: string): SourceLocation | undefined {
  const all = frames(stack);
  const target = path.resolve(scenarioFile);
  const own = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
  return (
    all.find((f) => path.resolve(f.file) === target) ??
    all.find((f) => !f.file.startsWith('node:') && !path.resolve(f.file).startsWith(own) && !f.file.includes('node_modules'))
  );
}
