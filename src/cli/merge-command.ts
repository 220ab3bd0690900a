// `racecheck merge`: JSON reports from shards -> one summary and exit code.
import { readFileSync } from 'node:fs';
import { mergeResults, parseJsonReport } from '../report/merge.js';
import { isReporterName, renderSummary, renderScenario, resolveColor, type ReporterName } from '../report/index.js';
import { UsageError } from '../scenario/errors.js';
import { planOutputs, writeMachineOutputs } from './outputs.js';
import { EXIT } from './exit.js';

export async function mergeCommand(files: string[], flags: { reporter: string[]; outputFile?: string; color?: boolean }): Promise<number> {
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
  const names = flags.reporter.length ? flags.reporter : ['default'];
  for (const r of names) if (!isReporterName(r)) throw new UsageError(`--reporter: unknown reporter "${r}"`);
  const plan = planOutputs(names as ReporterName[], flags.outputFile, {});
  const out = plan.humanToStderr ? process.stderr : process.stdout;
  const cwd = process.cwd();
  if (plan.human) {
    const ropts = { color: resolveColor({ flag: flags.color, env: process.env, stream: out }), cwd, verbose: plan.human === 'verbose' };
    const blocks = merged.scenarios.filter((s) => s.status === 'fail').map((s) => renderScenario(s, ropts));
    out.write([...blocks, renderSummary(merged, ropts)].join('\n\n') + '\n');
  }
  writeMachineOutputs(plan, merged, cwd, process.env);
  return EXIT[merged.status];
}
