// Entry of the run process (one per scenario file, forked by the supervisor, often
// ahead of time: engine/spawn.ts).
// Events go to the supervisor as NDJSON on fd EVENT_FD with synchronous writes,
// so what was said survives a scenario that calls process.exit() right after.
import { pathToFileURL } from 'node:url';
import { ScenarioError } from '../scenario/errors.js';
import type { Bundle } from '../scenario/load.js';
import { reapOwnTree } from './reap.js';
import { describeThrown } from '../thrown.js';
import { selectScenarios } from '../scenario/filter.js';
import type { FindingKind, RunSettings } from '../result.js';
import type { RunEvent } from './protocol.js';
import { OPTIONS } from '../options.js';
import { RoundBeacon, beaconPath } from './round-beacon.js';

export const EVENT_FD = 4;

export interface RunProcessArgs {
  file: string;
  seed: number;
  settings: RunSettings;
  /** Name filter (--scenario, repeatable): substrings or globs; none = every scenario. */
  scenario?: string[];
  /** Only load, validate and list the file's scenarios. */
  list?: boolean;
  /** The scenario file bundled by the supervisor (engine/bundles.ts); without it, this process bundles it. */
  bundle?: string;
  /** The supervisor's folder for this run (the bundle, the round beacon), which it removes on every path. */
  bundleDir?: string;
  /** --fail-on: bail stops at the first finding that fails, not at one that will be ignored. */
  failOn?: FindingKind[];
}

/**
 * The job: argv[2] when forked for one file, or the first IPC message when forked
 * ahead as a spare (engine/spawn.ts). While a spare boots and waits, the supervisor
 * bundles the scenario (engine/bundles.ts): the job comes with the bundle.
 */
function nextJob(): Promise<RunProcessArgs> {
  if (process.argv[2]) return Promise.resolve(JSON.parse(process.argv[2]) as RunProcessArgs);
  return new Promise((resolve) => {
    const onJob = (m: unknown) => {
      if ((m as { type?: unknown })?.type !== 'job') return;
      process.off('message', onJob);
      resolve((m as { args: RunProcessArgs }).args);
    };
    process.on('message', onJob);
  });
}
process.on('disconnect', () => {
  // The supervisor is gone (killed): nothing it can no longer reap may outlive this process.
  reapOwnTree();
  process.exit(2);
});
// The engine loads while the job is awaited.
const engine = Promise.all([
  import('./scenario-run.js'), import('./actor.js'), import('../watch/host.js'), import('../shm/control.js'),
  import('../scenario/validate.js'), import('./settle.js'),
]);
const args = await nextJob();
// A job without a bundle (the file given on argv) is bundled here, esbuild loaded for it.
const bundling: Promise<Bundle> = args.bundle !== undefined
  ? Promise.resolve({ path: args.bundle, dispose: () => undefined })
  : import('../scenario/load.js').then(({ bundleScenario }) => bundleScenario(args.file, args.bundleDir));
bundling.catch(() => undefined); // awaited (and reported) in main()
const [{ live, runScenario }, { exceptionFinding }, { WatchHost }, { Phase }, { scenariosOf }, { watchForSettle }] = await engine;

// Started before the scenario is imported: a scenario that blocks the main thread
// at any point (import, setup, an op, a check) is still reported with its stack.
const host = new WatchHost({
  fd: EVENT_FD, file: args.file, deadlockTimeoutMs: args.settings?.deadlockTimeoutMs ?? OPTIONS.deadlockTimeout.default,
  enabled: !process.env.RACECHECK_NO_WATCHDOG,
});
host.start();
host.phase(Phase.LOAD);

/** The event pipe is shared with the watchdog thread: whole lines under its lock (watch/channel.ts). */
function emit(e: RunEvent): void {
  host.writer.write(JSON.stringify(e), { isResult: e.type === 'result' });
}

let stop = false;
// The user's Ctrl-C reaches the supervisor only (this process has a group of its own)
// and racecheck stops a run over IPC ('stop' below): a signal that arrives here was
// sent by the scenario itself (process.kill(process.pid, ...)) or aimed at this
// process by someone else. Either way it is a finding of this scenario, not the end
// of the user's run (exit 1, not 130).
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(sig, () => {
    live.uncaught.push({
      kind: 'error', check: 'uncaught', actors: [], round: live.round, roundSeed: live.roundSeed,
      message: `the run process received ${sig} during round ${live.round}: sent by the scenario to its own process (process.kill(process.pid, '${sig}')) or by another process; racecheck itself never signals the run process`,
    });
  });
}
process.on('message', (m) => {
  if (m === 'stop') {
    stop = true;
    live.telemetry?.stop();
  }
});

const onUncaught = (e: unknown) => {
  const f = exceptionFinding(e);
  live.uncaught.push({
    kind: 'error', check: 'uncaught', message: `uncaught in the run: ${f.message}`, actors: [],
    ...(f.stack ? { stack: f.stack } : {}), round: live.round, roundSeed: live.roundSeed,
  });
  live.telemetry?.stop();
};
process.on('uncaughtException', onUncaught);
process.on('unhandledRejection', onUncaught);

async function main(args: RunProcessArgs): Promise<number> {
  process.setSourceMapsEnabled(true);
  let bundle: Bundle | undefined;
  try {
    // No threads before the scenario is known: a loop-only scenario (`workers: false`)
    // needs none, and the pool is sized to the scenario's worker actors (scenario-run.ts).
    bundle = await bundling;
    // From here on, worker threads, unref'd handles and timed waits the scenario
    // creates are known to the loop-only deadlock check (watch/wake-sources.ts).
    // The settle window (settle.ts) notes racecheck's own resources now, and counts the
    // sources the scenario starts in any phase.
    watchForSettle(() => host.control.phase !== Phase.ENGINE);
    let mod: Record<string, unknown>;
    try {
      mod = await import(pathToFileURL(bundle.path).href);
    } catch (e) {
      const t = describeThrown(e);
      throw new ScenarioError(args.file, `cannot load: ${t.text}`, t.stack);
    }
    host.phase(Phase.ENGINE);
    const all = scenariosOf(args.file, mod);
    const chosen = selectScenarios(args.scenario, all);
    // No scenario of this file passes the name filter: it is listed (so the supervisor
    // reports it skipped) and nothing more starts, no pool, no round.
    if (args.list || chosen.length === 0) {
      emit({
        type: 'list', file: args.file,
        scenarios: all.map((s) => ({
          name: s.name, ...(s.description ? { description: s.description } : {}), ops: Object.keys(s.ops),
          workers: s.workers !== false, tasks: s.tasks !== false,
        })),
      });
      emit({ type: 'done' });
      return 0;
    }
    const beacon = args.bundleDir ? new RoundBeacon(beaconPath(args.bundleDir)) : undefined;
    for (const [i, scenario] of chosen.entries()) {
      if (stop) break;
      const result = await runScenario({
        file: args.file, bundle: bundle.path, scenario, scenarioIndex: all.indexOf(scenario), named: all.length > 1,
        seed: args.seed, settings: args.settings, emit, stopRequested: () => stop, host, ...(args.failOn ? { failOn: args.failOn } : {}),
        last: i === chosen.length - 1,
        ...(beacon ? { markRound: (round: number, roundSeed: number, opsPerRound: number) => beacon.mark({ scenario: i + 1, round, roundSeed, opsPerRound }) } : {}),
      });
      emit({ type: 'result', result });
    }
    emit({ type: 'done' });
    return 0;
  } catch (e) {
    if (e instanceof ScenarioError) {
      emit({ type: 'fatal', file: args.file, message: e.message, ...(e.causeStack ? { stack: e.causeStack } : {}), exitCode: 2 });
      return 2;
    }
    const t = describeThrown(e);
    emit({ type: 'fatal', file: args.file, message: `${args.file}: internal error: ${t.text}`, ...(t.stack ? { stack: t.stack } : {}), exitCode: 2 });
    return 2;
  } finally {
    bundle?.dispose();
  }
}

// Exit explicitly: actors stuck forever (a deadlock) keep handles alive. A worker
// thread that could not be terminated (stuck in a native call) would make process.exit()
// wait for it forever: everything is reported by then, so the kernel ends the process.
const exit = (code: number) => {
  if (live.threadsStuck) process.kill(process.pid, 'SIGKILL');
  process.exit(code);
};
main(args).then(exit, () => exit(2));
