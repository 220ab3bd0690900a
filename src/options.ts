// The one table of racecheck's settings. Each row says once what a setting is called on
// the command line, in racecheck.config.ts and in results, its type, unit, range,
// default and help; the commander flags, config validation, defaults, --help, the
// settings in results, the JSON schema, merge and the replay command all derive from
// it (cli/program.ts, cli/config.ts, settingsOf below, report/json-schema.ts,
// report/merge.ts, replay.ts).
//
// Durations: one parser (@lukeed/ms) and one meaning everywhere: a bare number is
// milliseconds, on the command line as in a config file or run() ("500", "500ms",
// "30s", "2m", "1.5h", "2d").
import { availableParallelism } from 'node:os';
import { parse as parseDurationText } from '@lukeed/ms';
import { formatDuration } from './duration.js';
import { FINDING_KINDS } from './kinds.js';
import { DEFAULT_YIELD } from './sched/yield.js';
import { SCHEDULER_NAMES } from './sched/scheduler.js';
import { otherReplayFormat, OTHER_FORMAT_HINT, parseSchedule, SCHEDULE_EXPECTED } from './sched/schedule.js';
import { DEFAULT_SCHEDULER } from './sched/settings.js';

export const REPORTER_NAMES = ['default', 'verbose', 'json', 'junit', 'github-actions'] as const;
export type ReporterName = (typeof REPORTER_NAMES)[number];

/** Run seeds are integers 0 .. 2^53-1: every one prints exactly and replays as itself. */
export const MAX_SEED = Number.MAX_SAFE_INTEGER;
/** Actors of one scenario, workers and tasks together. */
export const MAX_ACTORS = 1024;
/** Rounds are numbered 1 .. MAX_ROUND (a round seed is derived in constant time, so any replays at once). */
export const MAX_ROUND = 1_000_000_000;
const DAY_MS = 86_400_000;
/**
 * A run budget may be up to 23 days: the supervisor's hard deadline (budget + deadlock
 * timeout <= 1 day + grace) is one setTimeout, which overflows past 2^31-1 ms (24.8 days)
 * and would fire at once (a false timeout). Longer budgets are refused, not wrapped.
 */
export const MAX_DURATION_MS = 23 * DAY_MS;
/** The follow-up after a finding is bounded: the supervisor waits for it beyond the budget (engine/supervisor.ts). */
export const MAX_SHRINK_MS = 10 * 60_000;

/** A bad setting, in one line that names it: "--workers: expected an integer from 0 to 1,024, got 100000". */
export class SettingError extends Error {}

/** Bad value for a setting; `expected` is the range in words, the caller names the source. */
export class OptionError extends Error {
  constructor(readonly expected: string, readonly got: string) {
    super(`expected ${expected}, got ${got}`);
  }
}

const shown = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : Array.isArray(v) ? JSON.stringify(v) : String(v));

/** How one setting's values are read (command-line text, config/run() value) and described. */
export interface ValueType<T, In = T> {
  /** The range in words: "an integer from 0 to 1024". */
  readonly expected: string;
  fromText(text: string): T;
  fromValue(v: unknown): T;
  /** JSON Schema of the value as results carry it. */
  readonly schema: Record<string, unknown>;
  /** The value as a command-line argument (replay commands, --help defaults). */
  show(v: T): string;
  /** Phantom: what a config file may write (durations also take strings). */
  readonly input?: In;
}

export function integer(min: number, max: number, unit = ''): ValueType<number> {
  const top = max === Number.MAX_SAFE_INTEGER ? `2^53-1 (${max})` : String(max);
  const expected = `an integer from ${min} to ${top}${unit ? ` (${unit})` : ''}`;
  const check = (n: number, got: string) => {
    if (!Number.isSafeInteger(n) || n < min || n > max) throw new OptionError(expected, got);
    return n;
  };
  return {
    expected,
    // Digits only: "1e3", "0x10", "1.0" and " " are not integers a user meant.
    fromText: (t) => (/^\d+$/.test(t.trim()) ? check(Number(t.trim()), shown(t)) : (() => { throw new OptionError(expected, shown(t)); })()),
    fromValue: (v) => (typeof v === 'number' ? check(v, shown(v)) : (() => { throw new OptionError(expected, shown(v)); })()),
    schema: { type: 'integer', minimum: min, maximum: max },
    show: String,
  };
}

/** A duration in whole milliseconds; text or number (a bare number is milliseconds). */
export function duration(minMs: number, maxMs: number): ValueType<number, number | string> {
  const expected = `a duration from ${formatDuration(minMs, 'flag')} to ${formatDuration(maxMs, 'flag')} (500ms, 30s, 2m, 1h, 2d; a bare number is milliseconds)`;
  const check = (ms: number | undefined, got: string) => {
    if (ms === undefined || !Number.isFinite(ms) || ms < minMs || ms > maxMs) throw new OptionError(expected, got);
    return Math.round(ms);
  };
  const fromText = (t: string) => {
    const text = t.trim();
    // The library also reads "-1s" and "1 year": only non-negative amounts with a unit of our list.
    if (!/^\d+(\.\d+)?\s*(ms|s|m|h|d)?$/.test(text)) throw new OptionError(expected, shown(t));
    return check(parseDurationText(text), shown(t));
  };
  return {
    expected,
    fromText,
    fromValue: (v) => (typeof v === 'number' ? check(v, shown(v)) : typeof v === 'string' ? fromText(v) : (() => { throw new OptionError(expected, shown(v)); })()),
    schema: { type: 'number', minimum: 0, description: 'milliseconds' },
    show: (ms) => formatDuration(ms, 'flag'),
  };
}

export const boolean: ValueType<boolean> = {
  expected: 'true or false',
  fromText: (t) => {
    if (t === 'true' || t === 'false') return t === 'true';
    throw new OptionError('true or false', shown(t));
  },
  fromValue: (v) => {
    if (typeof v === 'boolean') return v;
    throw new OptionError('true or false', shown(v));
  },
  schema: { type: 'boolean' },
  show: String,
};

export const text: ValueType<string> = {
  expected: 'a string',
  fromText: (t) => t,
  fromValue: (v) => {
    if (typeof v === 'string') return v;
    throw new OptionError('a string', shown(v));
  },
  schema: { type: 'string' },
  show: String,
};

/** One name of a list. */
export function oneOf<N extends string>(names: readonly N[]): ValueType<N> {
  const expected = `one of ${names.join(', ')}`;
  const check = (v: unknown): N => {
    if (names.includes(v as N)) return v as N;
    throw new OptionError(expected, shown(v));
  };
  return { expected, fromText: (t) => check(t.trim()), fromValue: check, schema: { enum: [...names] }, show: String };
}

/** A schedule token (src/sched/schedule.ts): v2:mix, v2:random or v2:pct:DEPTH:STEPS. */
export const scheduleToken: ValueType<string> = {
  expected: SCHEDULE_EXPECTED,
  fromText(t) {
    return this.fromValue(t.trim());
  },
  fromValue(v) {
    if (typeof v === 'string' && typeof parseSchedule(v) !== 'string') return v;
    // A token from a racecheck with another replay format: say why it is refused.
    const other = typeof v === 'string' ? otherReplayFormat(v) : undefined;
    throw new OptionError(this.expected, other === undefined ? shown(v) : `${shown(v)}, a replay of format ${other} (${OTHER_FORMAT_HINT})`);
  },
  schema: { type: 'string' },
  show: String,
};

/** A list of names; on the command line comma-separated ("corruption,deadlock"). */
export function listOf<N extends string>(names: readonly N[], what: string): ValueType<N[]> {
  const expected = `${what} from ${names.join(', ')}`;
  const check = (xs: unknown[], got: string): N[] => {
    if (!xs.every((x) => names.includes(x as N))) throw new OptionError(expected, got);
    return [...new Set(xs as N[])];
  };
  return {
    expected,
    fromText: (t) => check(t.split(',').map((x) => x.trim()).filter(Boolean), shown(t)),
    fromValue: (v) => (Array.isArray(v) ? check(v, shown(v)) : (() => { throw new OptionError(`an array of ${expected}`, shown(v)); })()),
    schema: { type: 'array', items: { enum: [...names] } },
    show: (v) => v.join(','),
  };
}

/** Free-form names (scenario name filters), one per flag. */
export const names: ValueType<string[]> = {
  expected: 'a name or an array of names',
  fromText: (t) => [t],
  fromValue: (v) => {
    if (typeof v === 'string') return [v];
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
    throw new OptionError('a name or an array of names', shown(v));
  },
  schema: { type: 'array', items: { type: 'string' } },
  show: (v) => v.join(' '),
};

export const patterns: ValueType<string[]> = {
  expected: 'an array of file patterns',
  fromText: (t) => [t],
  fromValue: (v) => {
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
    throw new OptionError('an array of file patterns', shown(v));
  },
  schema: { type: 'array', items: { type: 'string' } },
  show: (v) => v.join(' '),
};

/** One path for the machine reporter, or one per reporter: { junit: 'rc.xml' }. */
export type OutputFiles = string | Partial<Record<ReporterName, string>>;
export const outputFiles: ValueType<OutputFiles> = {
  expected: 'a path, or an object of paths by reporter name',
  fromText: (t) => t,
  fromValue: (v) => {
    if (typeof v === 'string') return v;
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.entries(v).every(([k, x]) => REPORTER_NAMES.includes(k as ReporterName) && typeof x === 'string')) {
      return v as Partial<Record<ReporterName, string>>;
    }
    throw new OptionError('a path, or an object of paths by reporter name', shown(v));
  },
  schema: {},
  show: String,
};

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}
export const MAX_SHARDS = 100_000;
export const shard: ValueType<Shard> = {
  expected: `k/n with 1 <= k <= n <= ${MAX_SHARDS} (e.g. 2/4)`,
  fromText(t) {
    const m = /^(\d+)\/(\d+)$/.exec(t.trim());
    const index = Number(m?.[1]), n = Number(m?.[2]);
    if (!m || !(n >= 1 && n <= MAX_SHARDS) || index < 1 || index > n) throw new OptionError(this.expected, shown(t));
    return { index, count: n };
  },
  fromValue(v) {
    const s = v as Shard;
    if (typeof v === 'object' && v !== null && Number.isSafeInteger(s.index) && Number.isSafeInteger(s.count) && s.count >= 1 && s.count <= MAX_SHARDS && s.index >= 1 && s.index <= s.count) return { index: s.index, count: s.count };
    throw new OptionError(this.expected, JSON.stringify(v));
  },
  schema: {},
  show: (v) => `${v.index}/${v.count}`,
};

/** DESIGN.md: 4 x CPU count worker actors (oversubscription widens race windows), within MAX_ACTORS with the tasks. */
export const defaultWorkers = (): number => Math.min(4 * availableParallelism(), MAX_ACTORS / 2);

export type Command = 'run' | 'list' | 'merge';

/** One setting. */
export interface Row<T = unknown, In = T> {
  readonly type: ValueType<T, In>;
  readonly help: string;
  /** Commander syntax ('--duration <time>'); absent: config file only. */
  readonly flag?: string;
  /** The flag may be given several times; its values add up. */
  readonly repeatable?: boolean;
  /** Which commands take the flag (default: run). */
  readonly commands?: readonly Command[];
  /** false: command line only; else the key in racecheck.config.ts is the row's name. */
  readonly config?: false;
  /** Key in the result's settings and in run()'s options: the setting shapes the run. */
  readonly setting?: string;
  /** Present in every result's settings (absent: only set on demand, like --rounds). */
  readonly required?: boolean;
  /** Added after schemaVersion 1: reports written before lack it (the schema allows that; merge fills the default). */
  readonly added?: boolean;
  readonly default?: T;
  /** The default in words, when it is computed (help text). */
  readonly defaultText?: string;
  /** Spelled out in replay commands: 'always', or only when it differs from the default. */
  readonly replay?: 'always' | 'changed';
}

// `const`: the literal keys (setting, required, config) stay in the types derived below.
const row = <const R extends Row<any, any>>(r: R): R => r;

/**
 * The table. Keys are the config-file names (the flags in camelCase). Order is the
 * order of --help and of the settings in results.
 */
export const OPTIONS = {
  config: row({ type: text, flag: '--config <file>', commands: ['run', 'list'], config: false, help: 'config file (default: racecheck.config.{ts,mts,js,mjs} in the working directory)' }),
  include: row({ type: patterns, help: 'scenario files, directories or globs to run when none are given on the command line' }),
  workers: row({ type: integer(0, MAX_ACTORS), flag: '--workers <n>', setting: 'workers', required: true, replay: 'always', defaultText: '4 x CPU count', help: 'worker-thread actors' }),
  tasks: row({ type: integer(0, MAX_ACTORS), flag: '--tasks <n>', setting: 'tasks', required: true, replay: 'always', defaultText: 'same as --workers', help: 'async task actors on the main loop' }),
  ops: row({ type: integer(1, 10_000_000), flag: '--ops <n>', setting: 'opsPerRound', required: true, replay: 'always', default: 50, defaultText: 'sized to op time, at most 50', help: 'ops per actor per round; fixes the round size' }),
  // Not a flag: set when --ops (or the config, or run()) gave the round size, so a
  // result says whether opsPerRound was fixed or the most a sized round got.
  opsFixed: row({ type: boolean, setting: 'opsFixed', config: false, help: '--ops fixed the round size' }),
  duration: row({ type: duration(1, MAX_DURATION_MS), flag: '--duration <time>', setting: 'durationMs', required: true, default: 5_000, help: 'time budget per scenario' }),
  rounds: row({ type: integer(1, MAX_ROUND), flag: '--rounds <n>', setting: 'rounds', help: 'stop after this many rounds' }),
  round: row({ type: integer(1, MAX_ROUND), flag: '--round <n>', setting: 'round', config: false, help: 'replay only this round (with --seed)' }),
  seed: row({ type: integer(0, MAX_SEED), flag: '--seed <n>', help: 'run seed (printed in every report; random when not given)' }),
  scenario: row({ type: names, flag: '--scenario <name>', repeatable: true, config: false, help: 'only scenarios whose name contains this, or matches it as a glob (* ?); repeatable' }),
  bail: row({ type: boolean, flag: '--no-bail', setting: 'bail', required: true, default: true, help: 'keep going after the first finding' }),
  yieldMax: row({ type: integer(0, 1_000_000, 'microseconds'), flag: '--yield-max <us>', setting: 'yieldMaxUs', required: true, replay: 'changed', default: DEFAULT_YIELD.maxUs, help: 'longest worker yield, in microseconds' }),
  yieldTurns: row({ type: integer(1, 1_000), flag: '--yield-turns <n>', setting: 'yieldTurns', required: true, replay: 'changed', default: DEFAULT_YIELD.turns, help: 'most event-loop turns of a loop-task yield' }),
  // Scheduling (src/sched). Replay commands spell these out by their own rule
  // (replay.ts): a round's schedule token stands for all three.
  scheduler: row({ type: oneOf(SCHEDULER_NAMES), flag: '--scheduler <name>', setting: 'scheduler', required: true, added: true, default: DEFAULT_SCHEDULER, help: `${SCHEDULER_NAMES.join(' | ')}: who decides the order at each ctx.yield` }),
  pctDepth: row({ type: integer(1, 10), flag: '--pct-depth <d>', setting: 'pctDepth', defaultText: 'auto rotates 1..3', help: 'PCT depth: ordering constraints a bug may need' }),
  // Stored only when off (--no-shrink): results of runs that shrink say nothing.
  shrink: row({ type: boolean, flag: '--no-shrink', setting: 'shrink', help: 'after a finding: do not shrink it (or measure its reproduction rate)' }),
  shrinkTime: row({ type: duration(1, MAX_SHRINK_MS), flag: '--shrink-time <time>', setting: 'shrinkMs', required: true, added: true, default: 2_000, help: 'time box of the follow-up after a finding (shrinking, reproduction rate); up to 10m' }),
  schedule: row({ type: scheduleToken, flag: '--schedule <token>', setting: 'schedule', config: false, help: 'replay: run --round under this schedule token (from a report)' }),
  deadlockTimeout: row({ type: duration(1, DAY_MS), flag: '--deadlock-timeout <time>', setting: 'deadlockTimeoutMs', required: true, default: 2_000, help: 'no op completed for this long = deadlock' }),
  starvationThreshold: row({ type: duration(1, DAY_MS), flag: '--starvation-threshold <time>', setting: 'starvationThresholdMs', required: true, added: true, default: 200, help: 'main event loop blocked this long in a round = starvation' }),
  failOn: row({ type: listOf(FINDING_KINDS, 'finding kinds'), flag: '--fail-on <kinds>', defaultText: 'all', help: 'finding kinds that fail the run (comma-separated); a crash or an error of racecheck fails it whatever this says' }),
  shard: row({ type: shard, flag: '--shard <k/n>', commands: ['run', 'list'], config: false, help: 'run only shard k of n (split files across CI machines)' }),
  reporters: row({ type: listOf(REPORTER_NAMES, 'reporter names'), flag: '--reporter <name>', repeatable: true, commands: ['run', 'merge'], default: ['default'], help: `${REPORTER_NAMES.join(' | ')}; repeatable` }),
  outputFile: row({ type: outputFiles, flag: '--output-file <path>', commands: ['run', 'merge'], help: 'write the machine reporter here (per reporter: --output-file.<name> <path>)' }),
  json: row({ type: boolean, flag: '--json', commands: ['run', 'list'], config: false, help: 'JSON report alone on stdout' }),
  color: row({ type: boolean, flag: '--color', commands: ['run', 'merge'], help: 'force colour on (--no-color: off)' }),
  verbose: row({ type: boolean, flag: '--verbose', config: false, help: 'full stacks, every transition' }),
  quiet: row({ type: boolean, flag: '--quiet', config: false, help: 'only the final summary' }),
} as const;

export type OptionName = keyof typeof OPTIONS;
type ValueOf<R> = R extends { type: ValueType<infer T, any> } ? T : never;
type InputOf<R> = R extends { type: ValueType<any, infer In> } ? In : never;

/** racecheck.config.ts: every row that has no `config: false`, with its input type. */
export type RacecheckConfig = {
  -readonly [K in OptionName as (typeof OPTIONS)[K] extends { config: false } ? never : K]?: InputOf<(typeof OPTIONS)[K]>;
};

type SettingRows = { [K in OptionName as (typeof OPTIONS)[K] extends { setting: string } ? K : never]: (typeof OPTIONS)[K] };
type SettingKey<K extends keyof SettingRows> = SettingRows[K] extends { setting: infer S extends string } ? S : never;

/** The settings that shape a run, as every result carries them (what a replay needs). */
export type RunSettings = {
  -readonly [K in keyof SettingRows as SettingRows[K] extends { required: true } ? SettingKey<K> : never]: ValueOf<SettingRows[K]>;
} & {
  -readonly [K in keyof SettingRows as SettingRows[K] extends { required: true } ? never : SettingKey<K>]?: ValueOf<SettingRows[K]>;
};

/** Values of the command-line flags, as commander hands them over (by row name). */
export type FlagValues = { -readonly [K in OptionName]?: ValueOf<(typeof OPTIONS)[K]> };

const rows = Object.entries(OPTIONS) as [OptionName, Row][];

/** The rows whose value lives in RunSettings, in table order. */
export const SETTING_ROWS: readonly (readonly [OptionName, Row & { setting: keyof RunSettings }])[] = rows.filter(
  (e): e is [OptionName, Row & { setting: keyof RunSettings }] => e[1].setting !== undefined,
);

/** The flag's long name, as the user types it ('--yield-max'). */
export const flagName = (r: Row): string => r.flag?.split(/[ ,]/)[0] ?? '';

/** Help text with the default appended. */
export function helpOf(r: Row): string {
  const d = r.defaultText ?? (r.default === undefined || typeof r.default === 'boolean' ? undefined : r.type.show(r.default as never));
  return d === undefined ? r.help : `${r.help} (default: ${d})`;
}

/** The JSON Schema of RunSettings in results, from the table. */
export function settingsJsonSchema(): Record<string, unknown> {
  return {
    type: 'object',
    required: SETTING_ROWS.filter(([, r]) => r.required && !r.added).map(([, r]) => r.setting),
    properties: Object.fromEntries(SETTING_ROWS.map(([, r]) => [r.setting, r.type.schema])),
  };
}

/**
 * RunSettings from run()'s options: each value checked against its row, defaults
 * filled in. `where(name)` names a bad value's source in the message (a flag, a
 * config field, a run() option).
 */
export function settingsOf(o: Partial<Record<keyof RunSettings, unknown>>, where: (name: OptionName, r: Row) => string = (n, r) => flagName(r) || n): RunSettings {
  const out: Record<string, unknown> = {};
  for (const [name, r] of SETTING_ROWS) {
    const v = o[r.setting];
    if (v === undefined) continue;
    try {
      out[r.setting] = r.type.fromValue(v);
    } catch (e) {
      if (e instanceof OptionError) throw new SettingError(`${where(name, r)}: ${e.message}`);
      throw e;
    }
  }
  if (o.opsPerRound !== undefined) out['opsFixed'] ??= true;
  out['workers'] ??= defaultWorkers();
  out['tasks'] ??= out['workers'];
  for (const [, r] of SETTING_ROWS) if (r.default !== undefined) out[r.setting] ??= r.default;
  const s = out as RunSettings;
  if (s.schedule !== undefined && s.round === undefined) throw new SettingError('--schedule replays one round: give --round too');
  if (s.workers + s.tasks > MAX_ACTORS) {
    const tasksNote = o.tasks === undefined ? ' (--tasks defaults to --workers: give --tasks too)' : '';
    throw new SettingError(`--workers ${s.workers} plus --tasks ${s.tasks} is ${s.workers + s.tasks} actors, more than the ${MAX_ACTORS} allowed${tasksNote}`);
  }
  return s;
}

/** A setting's default (for reporters that explain one, and for the replay command). */
export function defaultOf<K extends OptionName>(name: K): ValueOf<(typeof OPTIONS)[K]> | undefined {
  return (OPTIONS[name] as Row).default as never;
}
