// Best-effort source location of a finding: the first stack frame inside the
// scenario file (inline source maps make frames point at the user's .ts lines).
import path from 'node:path';
import type { SourceLocation } from '../result.js';
import { parseStack } from './frames.js';
import { frameOwner } from './owner.js';

/** First frame in the scenario file, else the first frame of user code (stack/owner.ts). */
export function locate(stack: string, scenarioFile: string): SourceLocation | undefined {
  const all = parseStack(stack).frames.filter((f) => f.file !== undefined);
  const target = path.resolve(scenarioFile);
  const hit = all.find((f) => path.resolve(f.file!) === target) ?? all.find((f) => frameOwner(f) === 'user');
  return hit && { file: hit.file!, line: hit.line!, ...(hit.column !== undefined ? { column: hit.column } : {}) };
}
