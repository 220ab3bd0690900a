// `racecheck merge`: JSON reports from shards -> one summary and exit code.
import { readFileSync } from 'node:fs';
import { mergeResults, parseJsonReport } from '../report/merge.js';
import type { FlagValues } from '../options.js';
import { UsageError } from '../scenario/errors.js';
import { planOutputs, writeReports } from './outputs.js';
import { EXIT } from './exit.js';

export async function mergeCommand(files: string[], flags: Pick<FlagValues, 'reporters' | 'outputFile' | 'color'>): Promise<number> {
  const results = files.map((f) => {
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch {
      throw new UsageError(`${f}: file not found`);
    }
    try {
      return parseJsonReport(text, f);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  });
  const merged = mergeResults(results);
  const names = flags.reporters ?? ['default'];
  const plan = planOutputs(names, typeof flags.outputFile === 'string' ? flags.outputFile : undefined, {});
  await writeReports(plan, merged, {
    cwd: process.cwd(), env: process.env, color: flags.color,
    blocks: merged.scenarios.filter((s) => s.status === 'fail'), summary: true,
  });
  return EXIT[merged.status];
}
