// `racecheck list`: which scenarios a pattern finds (each file loaded and
// validated in its own process, exactly as `run` would).
import { list } from '../engine/supervisor.js';
import { describeUnmatched } from '../engine/files.js';
import { EXIT } from './exit.js';
import { loadConfig } from './config.js';
import { UsageError } from '../scenario/errors.js';
import { clean } from '../report/text.js';
import type { FlagValues } from '../options.js';

export async function listCommand(patterns: string[], flags: Pick<FlagValues, 'json' | 'shard' | 'config'>): Promise<number> {
  // No patterns: the config's include, as `run` does.
  const { config } = patterns.length ? { config: {} as { include?: string[] } } : await loadConfig(process.cwd(), flags.config);
  const files = patterns.length ? patterns : config.include ?? [];
  if (files.length === 0) throw new UsageError('no scenario files given (pass files, directories or globs, or set "include" in racecheck.config.ts)');
  const result = await list({ patterns: files, ...(flags.shard ? { shard: flags.shard } : {}) });
  if (flags.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  else {
    for (const f of result.files) {
      if (f.error) {
        process.stderr.write(`racecheck: ${clean(f.error)}\n`);
        continue;
      }
      for (const s of f.scenarios) {
        const sides = [s.workers && 'workers', s.tasks && 'tasks'].filter(Boolean).join('+');
        process.stdout.write(clean(`${f.file} > ${s.name}  [${s.ops.join(', ')}] (${sides})`) + '\n');
        if (s.description) process.stdout.write(`    ${clean(s.description)}\n`);
      }
    }
    for (const p of result.unmatched) process.stderr.write(`racecheck: ${clean(describeUnmatched(p, process.cwd()))}\n`);
    const n = result.files.reduce((k, f) => k + f.scenarios.length, 0);
    process.stdout.write(`${n} scenario${n === 1 ? '' : 's'} in ${result.files.length} file${result.files.length === 1 ? '' : 's'}\n`);
  }
  return result.unmatched.length > 0 || result.files.some((f) => f.error) ? EXIT.error : EXIT.pass;
}
