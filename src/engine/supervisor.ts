// The supervisor: run() forks one run process per scenario file, owns the
// budget and the hard deadline, and builds the result even when a run process
// dies or hangs. The CLI and programmatic users call the same run().
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { Finding, FindingKind, RunResult, RunSettings, ScenarioRecord, ScenarioResult } from '../result.js';
import { buildRunResult, buildScenarioResult, errorRecord } from '../report/build.js';
import { workItems, type Shard } from './shard.js';
import { UsageError } from '../scenario/errors.js';
import { describeFilter } from '../scenario/filter.js';
import type { ListedScenario, RunEvent } from './protocol.js';
import type { RunProcessArgs } from './run-process.js';
import { describeUnmatched, expandPatterns } from './files.js';
import { OPTIONS, SettingError, settingsOf as checkedSettings } from '../options.js';
import { replayCommand } from '../replay.js';
import { formatDuration } from '../duration.js';
import { dropSpare, prefork, takeRunProcess } from './spawn.js';
import { killProcessGroup, leakWarning, trackGroup, trackRun, type Survivor } from './reap.js';
import { cleanUpOnExit } from './exit-cleanup.js';
import { crashFinding, drained } from './run-end.js';
import { dropAhead, prepareAhead, takePrepared } from './bundles.js';
import { graceMs as budgetGraceMs } from './budget.js';
import { lastOverrunAt } from '../watch/overrun.js';
import { freshRunSeed } from '../sched/run-seed.js';
import { beaconPath, readBeacon } from './round-beacon.js';

/**
 * run()'s options: the settings that shape a run (RunSettings, the table in
 * src/options.ts; each checked there, defaults filled in) and how to run.
 */
export interface RunOptions extends Partial<RunSettings> {
  /** Scenario files, directories or globs. */
  patterns: string[];
  cwd?: string;
  /** Run seed, 0 .. 2^53-1 (random when not given). */
  seed?: number;
  /**
   * Name filter, like vitest's -t: only scenarios whose name contains one of these
   * (case-insensitive), or matches it as a glob with * and ?; an exact name takes only
   * that scenario. Files with no match are skipped; no match anywhere is a UsageError.
   */
  scenario?: string | string[];
  /** Live events (start, progress, finding, result) as they happen. */
  onEvent?: (e: RunEvent & { file: string }) => void;
  /** Output the scenario writes (console.log in ops): forwarded here. */
  onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void;
  signal?: AbortSignal;
  /** Only findings of these kinds fail the run (default: all). */
  failOn?: FindingKind[];
  /** Run only this shard's share of the files (see shard.ts). */
  shard?: Shard;
}

/** The supervisor's own time limits (the settings' defaults are in src/options.ts). */
export const DEFAULTS = {
  /**
   * Last resort after budget + grace (two while an op computes, engine/budget.ts): the run process is killed and
   * a 'timeout' finding synthesized. The watchdog thread normally ends a run by budget +
   * grace with stacks (an 'overrun' or a deadlock); this margin only covers a watchdog
   * that cannot (the process wedged) plus the settle window and teardown.
   */
  graceMs: 5_000,
  startupMs: 60_000,
} as const;

/** RunSettings from run()'s options (checked against the settings table; bad input is a UsageError). */
export function settingsOf(o: RunOptions): RunSettings {
  try {
    if (o.seed !== undefined) {
      try {
        OPTIONS.seed.type.fromValue(o.seed);
      } catch (e) {
        throw new SettingError(`--seed: ${(e as Error).message}`);
      }
    }
    return checkedSettings(o);
  } catch (e) {
    if (e instanceof SettingError) throw new UsageError(e.message);
    throw e;
  }
}

export async function run(options: RunOptions): Promise<RunResult> {
  cleanUpOnExit(); // this run starts processes: they die with this one (engine/exit-cleanup.ts)
  const cwd = options.cwd ?? process.cwd();
  const settings = settingsOf(options);
  const { files, unmatched } = expandPatterns(options.patterns, cwd);
  if (options.patterns.length === 0) throw new UsageError('no scenario files given');
  const started = performance.now();
  // A pattern that matches nothing is a typo until proven otherwise: said before any run starts.
  if (unmatched.length > 0) throw new UsageError(unmatched.map((p) => describeUnmatched(p, cwd)).join('; '));
  const errors: string[] = [];
  const scenarios: ScenarioResult[] = [];
  const seed = options.seed ?? freshRunSeed();
  const items = workItems(files, seed, options.shard);
  const filter = typeof options.scenario === 'string' ? [options.scenario] : options.scenario ?? [];
  const skipped: { file: string; scenarios: string[] }[] = [];
  for (const [i, { file, seed: itemSeed }] of items.entries()) {
    if (options.signal?.aborted) break;
    const job = { file: path.resolve(cwd, file), seed: itemSeed, settings, ...(filter.length ? { scenario: filter } : {}), ...(options.failOn ? { failOn: options.failOn } : {}) };
    const out = await runFile(job, file, cwd, options, items[i + 1]?.file);
    scenarios.push(...out.results);
    errors.push(...out.errors);
    // The run process lists a file instead of running it when the filter left nothing.
    if (out.listed && out.results.length === 0 && out.errors.length === 0) skipped.push({ file, scenarios: out.listed.map((l) => l.name) });
  }
  dropSpare(); // forked for a file that was not run (interrupted, nothing matched)
  dropAhead();
  if (filter.length && items.length > 0 && skipped.length === items.length && errors.length === 0 && !options.signal?.aborted) {
    const names = skipped.flatMap((f) => f.scenarios);
    const shown = names.slice(0, 6).map((n) => JSON.stringify(n)).join(', ') + (names.length > 6 ? `, ... (${names.length})` : '');
    throw new UsageError(`${describeFilter(filter)}: no scenario matches in ${items.length} file${items.length === 1 ? '' : 's'} (scenarios: ${shown})`);
  }
  return buildRunResult({ scenarios, errors, aborted: !!options.signal?.aborted, durationMs: performance.now() - started, skipped });
}

interface FileOutcome {
  results: ScenarioResult[];
  errors: string[];
  listed?: ListedScenario[];
}

export interface ListResult {
  files: { file: string; scenarios: ListedScenario[]; error?: string }[];
  /** Patterns that matched no file. */
  unmatched: string[];
}

/** Load and validate every matched file (in its own process) and list its scenarios. */
export async function list(options: Pick<RunOptions, 'patterns' | 'cwd' | 'shard'>): Promise<ListResult> {
  cleanUpOnExit();
  const cwd = options.cwd ?? process.cwd();
  const settings = settingsOf({ patterns: [], workers: 0, tasks: 0 });
  const { files, unmatched } = expandPatterns(options.patterns, cwd);
  const out: ListResult = { files: [], unmatched };
  const chosen = [...new Set(workItems(files, 0, options.shard).map((w) => w.file))];
  for (const [i, file] of chosen.entries()) {
    const r = await runFile({ file: path.resolve(cwd, file), seed: 0, settings, list: true }, file, cwd, { patterns: [] }, chosen[i + 1]);
    out.files.push({ file, scenarios: r.listed ?? [], ...(r.errors[0] ? { error: r.errors[0] } : {}) });
  }
  dropSpare();
  return out;
}

/** `next`: the file that follows; a spare run process and its bundle are made while this one runs. */
async function runFile(args: RunProcessArgs, displayFile: string, cwd: string, options: RunOptions, next?: string): Promise<FileOutcome> {
  const out: FileOutcome = { results: [], errors: [] };
  // Bundled here while the run process boots (engine/bundles.ts).
  const { folder, bundled } = takePrepared(displayFile, cwd);
  const bundle = await bundled;
  if ('error' in bundle) {
    // Nothing to run: the run process waits on as the next file's.
    folder.remove();
    options.onEvent?.({ type: 'fatal', file: displayFile, message: bundle.error, ...(bundle.stack ? { stack: bundle.stack } : {}), exitCode: 2 });
    out.errors.push(bundle.error);
    return { ...out, results: [buildScenarioResult(errorRecord(displayFile, bundle.error, args.settings, args.seed, bundle.stack), { failOn: options.failOn, interrupted: false, warnings: [] })] };
  }
  // What the run process (or its watchdog) saw; built into results once it has exited.
  const records: ScenarioRecord[] = [];
  // The run process reports paths as the user wrote them.
  // A spare forked ahead (engine/spawn.ts) when there is one; the job goes over IPC.
  const child = takeRunProcess(cwd);
  // Everything the run process starts, and its bundle folder, go with it (reap.ts, run-end.ts).
  const tree = trackRun(child);
  child.send({ type: 'job', args: { ...args, file: displayFile, bundle: bundle.path, bundleDir: folder.dir } satisfies RunProcessArgs });
  if (next !== undefined) {
    prefork(cwd);
    prepareAhead(next, cwd);
  }
  const killGroup = () => {
    if (!killProcessGroup(child.pid) && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  const untrackGroup = trackGroup(child.pid);
  let current: { scenario: string; settings: RunSettings; findings: Finding[]; round: number; roundSeed: number; ops: number; t0: number; roundSettings?: RunSettings } | undefined;
  const tail: string[] = [];
  /** 'start' events seen: which scenario of the file the round beacon's record is of. */
  let starts = 0;
  let timedOut = false;
  /** The scenario's processes found (and killed) at 'done'. */
  let leftAtDone: Survivor[] = [];
  let hardTimer: NodeJS.Timeout | undefined;
  const arm = (ms: number) => {
    clearTimeout(hardTimer);
    hardTimer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, ms);
  };
  arm(DEFAULTS.startupMs);
  const s = args.settings;
  // Every run ends within budget + grace, two graces while an op computes (engine/budget.ts),
  // then its follow-up after a finding (--shrink-time): this is the kill after that.
  const followUp = s.shrink === false || s.round !== undefined ? 0 : s.shrinkMs;
  const budget = lastOverrunAt(s.round !== undefined ? 0 : s.durationMs, budgetGraceMs(s)) + followUp + DEFAULTS.graceMs;

  for (const [stream, name] of [[child.stdout, 'stdout'], [child.stderr, 'stderr']] as const) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      tail.push(...chunk.split('\n').filter(Boolean));
      tail.splice(0, Math.max(0, tail.length - 20));
      options.onOutput?.(chunk, name);
    });
  }
  const onAbort = () => {
    child.send?.('stop');
    arm(DEFAULTS.graceMs);
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });

  const events = createInterface({ input: child.stdio[4] as Readable });
  events.on('line', (line) => {
    let e: RunEvent;
    try {
      e = JSON.parse(line) as RunEvent;
    } catch {
      return;
    }
    options.onEvent?.({ ...e, file: displayFile });
    switch (e.type) {
      case 'start':
        starts++;
        current = { scenario: e.scenario, settings: e.settings, findings: [], round: 0, roundSeed: 0, ops: 0, t0: performance.now() };
        arm(budget);
        break;
      case 'progress':
        if (current) {
          current.round = e.round;
          current.ops = e.ops;
        }
        break;
      case 'finding':
        current?.findings.push(e.finding);
        break;
      case 'result':
        records.push(e.result);
        current = undefined;
        arm(DEFAULTS.startupMs);
        break;
      case 'fatal':
        current = undefined; // the error explains the end; no crash finding on top
        out.errors.push(e.message);
        records.push(errorRecord(displayFile, e.message, args.settings, args.seed, e.stack));
        break;
      case 'list':
        out.listed = e.scenarios;
        break;
      case 'done':
        // Everything is said: the run process is ended now rather than left to tear down
        // its threads and heaps (tens of ms, more on a loaded machine). Its tree first,
        // while the run process is still up and the whole tree in view: what is still
        // running is the scenario's leak.
        clearTimeout(hardTimer);
        if (process.env.RACECHECK_PROF) {
          // --cpu-prof writes its profiles when the process exits by itself.
          tree.poll();
          hardTimer = setTimeout(killGroup, 10_000);
          break;
        }
        leftAtDone = tree.killAll();
        killGroup();
        break;
      default: {
        const never: never = e;
        throw new Error(`unknown run event ${JSON.stringify(never)}`);
      }
    }
  });

  return new Promise((resolve) => {
    child.on('exit', async (code, signal) => {
      clearTimeout(hardTimer);
      // Reap what the run process left behind (grandchildren in its group).
      killGroup();
      // Its other descendants (detached, re-parented), killed; the scenario's leak, said
      // when the run ended by itself (after a kill, they are the kill's consequence).
      const left = [...leftAtDone, ...tree.killAll().filter((p) => !leftAtDone.some((d) => d.pid === p.pid))];
      tree.release();
      // The round in flight (engine/round-beacon.ts): read before the folder goes.
      const beaconMark = readBeacon(beaconPath(folder.dir));
      folder.remove();
      await drained(child);
      // A crash finding names the round it happened in, and its replay carries the round's size.
      if (current && beaconMark && beaconMark.scenario === starts && beaconMark.round >= current.round) {
        current.round = beaconMark.round;
        current.roundSeed = beaconMark.roundSeed;
        current.roundSettings = { ...current.settings, opsPerRound: beaconMark.opsPerRound, opsFixed: true };
      }
      untrackGroup();
      options.signal?.removeEventListener('abort', onAbort);
      const interrupted = !!options.signal?.aborted;
      if (current) {
        const replaySubject = { file: displayFile, named: !!args.scenario, scenario: { name: current.scenario }, seed: args.seed };
        // The process ended mid-scenario: what it said so far, plus why it ended.
        const why: Finding = timedOut
          ? {
              kind: 'deadlock', check: 'timeout', actors: [{ name: 'main', kind: 'main' }], round: current.round, roundSeed: 0,
              message: `the run did not end within its budget plus grace (${formatDuration(budget)}) and was killed: the main thread is blocked (a busy loop or a blocking wait on the main thread) or a worker is stuck in a native call`,
            }
          : crashFinding(code, signal, tail, current.round, current.roundSeed);
        if (!timedOut && current.round > 0) why.replay = replayCommand(replaySubject, current.roundSettings ?? current.settings, current.round);
        const findings = interrupted && !timedOut ? current.findings : [...current.findings, why];
        records.push({
          file: displayFile, scenario: current.scenario, seed: args.seed,
          settings: current.settings, rounds: current.round, ops: current.ops, durationMs: performance.now() - current.t0,
          findings, sides: [], stopped: interrupted,
          replay: replayCommand(replaySubject, current.roundSettings ?? current.settings, current.round || undefined),
        });
      } else if (records.length === 0 && out.errors.length === 0 && !out.listed) {
        const msg = timedOut
          ? `${displayFile}: loading the scenario did not finish in ${formatDuration(DEFAULTS.startupMs)} (an endless loop at module top level?)`
          : `${displayFile}: the run process ended (${signal ? `signal ${signal}` : `exit code ${code}`}) before the scenario started${tail.length ? `: ${tail.at(-1)}` : ''}`;
        out.errors.push(msg);
        records.push(errorRecord(displayFile, msg, args.settings, args.seed));
      }
      const warnings = left.length > 0 && !timedOut ? [leakWarning(left)] : [];
      out.results = records.map((r) => buildScenarioResult(r, { failOn: options.failOn, interrupted, warnings }));
      resolve(out);
    });
  });
}

