// `racecheck merge`: shard JSON reports back into RunResults, and several RunResults
// into one, which the CLI renders with any reporter and takes its exit code from.
//
// Round trip: fromJsonReport(JSON.parse(renderJson(r))) gives back every field the
// reporters and the exit code read, so re-rendering it with any reporter prints what
// rendering `r` printed. What comes back differs from `r` only where no reporter can
// tell: paths are the report's cwd-relative ones, `transitions`/`details` are [] rather
// than absent, a finding's `replay` is always set (to what replayFor gave), run errors
// that repeat a scenario's own error are gone (runErrors drops them anyway), and
// scenarios come back grouped by file (as the run process emits them anyway).
//
// The check is structural and hand-written on purpose: ajv stays a devDependency,
// and the tests hold json-schema.ts and this reader to the same reports.
import { FINDING_KINDS, type ActorRef, type Finding, type FindingCheck, type RunResult, type RunSettings, type ScenarioResult, type ShrinkShape, type SideSummary, type SourceLocation, type TraceStep, type TransitionRecord } from '../result.js';
import { JSON_SCHEMA_VERSION } from './json.js';
import { OptionError, SETTING_ROWS } from '../options.js';
import { STATUS_ORDER as STATUSES, worstStatus } from './status.js';
import { buildRunResult } from './build.js';

/** Parses and reads one report file's text; errors name the file. */
export function parseJsonReport(text: string, source: string): RunResult {
  let report: unknown;
  try {
    report = JSON.parse(text);
  } catch (e) {
    throw notAReport(source, `not JSON (${(e as Error).message})`);
  }
  return fromJsonReport(report, source);
}

export function fromJsonReport(report: unknown, source: string): RunResult {
  try {
    const top = fields(report, '');
    const version = top.o['schemaVersion'];
    if (version !== JSON_SCHEMA_VERSION) fail('schemaVersion', `${show(version)}, expected ${JSON_SCHEMA_VERSION}`);
    if (top.o['tool'] !== 'racecheck') fail('tool', `${show(top.o['tool'])}, expected "racecheck"`);
    const skipped = top.opt('skipped', (v, at) => list(v, at, (f, fAt) => {
      const r = fields(f, fAt);
      return { file: r.str('file'), scenarios: r.list('scenarios', str) };
    })) ?? [];
    return {
      status: top.oneOf('status', STATUSES),
      scenarios: top.list('files', readFile).flat(),
      durationMs: top.num('durationMs'),
      errors: top.list('errors', str),
      ...(skipped.length ? { skipped } : {}),
    };
  } catch (e) {
    if (e instanceof Malformed) throw notAReport(source, e.message);
    throw e;
  }
}

/**
 * One result for several shards. Status: the worst of the shards' own statuses (the
 * one order, src/report/status.ts), so a shard's --fail-on decision stands. durationMs is the longest shard's: shards run in
 * parallel, so the merged run took as long as its slowest shard.
 */
export function mergeResults(results: readonly RunResult[]): RunResult {
  // No reports is not a pass: a CI gate whose shards wrote nothing must go red.
  if (results.length === 0) return buildRunResult({ scenarios: [], errors: ['racecheck merge: no reports to merge'], aborted: false, durationMs: 0 });
  return {
    status: worstStatus(results.map((r) => r.status)),
    scenarios: results.flatMap((r) => r.scenarios),
    durationMs: Math.max(...results.map((r) => r.durationMs)),
    errors: results.flatMap((r) => r.errors),
    ...(results.some((r) => r.skipped?.length) ? { skipped: results.flatMap((r) => r.skipped ?? []) } : {}),
  };
}

function notAReport(source: string, what: string): Error {
  return new Error(`${source}: not a racecheck JSON report (schemaVersion ${JSON_SCHEMA_VERSION}): ${what}`);
}

function readFile(v: unknown, at: string): ScenarioResult[] {
  const f = fields(v, at);
  const file = f.str('file');
  return f.list('scenarios', (s, sAt) => readScenario(s, sAt, file));
}

function readScenario(v: unknown, at: string, file: string): ScenarioResult {
  const f = fields(v, at);
  return compact({
    file,
    scenario: f.str('name'),
    status: f.oneOf('status', STATUSES),
    seed: f.int('seed'),
    settings: known(f.obj('settings'), readSettings),
    rounds: f.int('rounds'),
    ops: f.int('ops'),
    durationMs: f.num('durationMs'),
    startupMs: f.opt('startupMs', num),
    findings: f.list('findings', readFinding),
    sides: f.list('sides', (side, sideAt) => known(fields(side, sideAt), (s) => ({
      kind: s.oneOf('kind', ['worker', 'task'] as const), actors: s.int('actors'), ops: s.int('ops'),
      transitions: s.int('transitions'), yields: s.int('yields'), maxOpMs: s.num('maxOpMs'),
    }) satisfies SideSummary)),
    replay: f.str('replay'),
    error: f.opt('error', str),
    eventLoop: f.opt('eventLoop', (e, eAt) => known(fields(e, eAt), (l) => ({ maxMs: l.num('maxMs'), p99Ms: l.num('p99Ms') }))),
    warnings: f.opt('warnings', (w, wAt) => list(w, wAt, str)),
  });
}

/** Every setting of the table (src/options.ts), checked by its own row; optional ones may be absent. */
function readSettings(f: Fields): RunSettings {
  const out: Record<string, unknown> = {};
  for (const [, r] of SETTING_ROWS) {
    const v = f.o[r.setting] ?? (r.added ? r.default : undefined);
    if (v === undefined && !r.required) continue;
    try {
      out[r.setting] = r.type.fromValue(v);
    } catch (e) {
      if (e instanceof OptionError) fail(f.path(r.setting), `${show(v)}, expected ${e.expected}`);
      throw e;
    }
  }
  return out as RunSettings;
}

function readFinding(v: unknown, at: string): Finding {
  const f = fields(v, at);
  return compact({
    kind: f.oneOf('kind', FINDING_KINDS),
    // New checks may appear within schemaVersion 1; reporters only print the name.
    check: f.str('check') as FindingCheck,
    message: f.str('message'),
    actors: f.list('actors', (a, aAt) => known(fields(a, aAt), (r) => ({
      name: r.str('name'), kind: r.oneOf('kind', ['worker', 'task', 'main'] as const),
      op: r.opt('op', str), label: r.opt('label', str), stuckMs: r.opt('stuckMs', num), stack: r.opt('stack', str), state: r.opt('state', str),
    }) satisfies ActorRef)),
    transitions: f.list('transitions', (t, tAt) => known(fields(t, tAt), (r) => ({
      actor: r.str('actor'), op: r.str('op'), from: r.int('from'), to: r.int('to'),
      checksumBefore: r.int('checksumBefore'), checksumAfter: r.int('checksumAfter'),
    }) satisfies TransitionRecord)),
    stack: f.opt('stack', str),
    location: f.opt('location', (l, lAt): SourceLocation => {
      const r = fields(l, lAt);
      return compact({ file: r.str('file'), line: r.int('line'), column: r.opt('column', int) });
    }),
    round: f.int('round'),
    roundSeed: f.int('roundSeed'),
    details: f.list('details', str),
    replay: f.str('replay'),
    schedule: f.opt('schedule', str),
    trace: f.opt('trace', (t, tAt) => list(t, tAt, (step, sAt) => known(fields(step, sAt), (r) => ({
      step: r.int('step'), actor: r.str('actor'), event: r.oneOf('event', TRACE_EVENTS),
      name: r.opt('name', str), label: r.opt('label', str), from: r.opt('from', int), to: r.opt('to', int), message: r.opt('message', str),
    }) satisfies TraceStep))),
    shrunk: f.opt('shrunk', (v, sAt) => known(fields(v, sAt), (r) => ({ from: known(r.obj('from'), readShape), to: known(r.obj('to'), readShape), runs: r.int('runs'),
      original: r.opt('original', (o, oAt) => known(fields(o, oAt), (q) => ({ check: q.str('check') as FindingCheck, message: q.str('message') }))) }))),
    reproduced: f.opt('reproduced', (v, rAt) => known(fields(v, rAt), (r) => ({ runs: r.int('runs'), failed: r.int('failed') }))),
    // Absent in reports written before --fail-on marked findings: then it failed.
    ignored: f.opt('ignored', bool) ? (true as const) : undefined,
  });
}

const TRACE_EVENTS = ['run', 'op', 'yield', 'enter', 'exit', 'section-enter', 'section-exit', 'wait', 'fail', 'done'] as const satisfies readonly TraceStep['event'][];

function readShape(r: Fields): ShrinkShape {
  return { workers: r.int('workers'), tasks: r.int('tasks'), ops: r.int('ops'), ...(r.opt('depth', int) !== undefined ? { depth: r.opt('depth', int)! } : {}) };
}

// --- a small structural reader: every problem names the JSON path it found -------

class Malformed extends Error {}

type Read<T> = (v: unknown, at: string) => T;

function fail(at: string, what: string): never {
  throw new Malformed(`${at || 'the report'} is ${what}`);
}

function show(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  return String(v);
}

const str: Read<string> = (v, at) => (typeof v === 'string' ? v : fail(at, `${show(v)}, expected a string`));
const num: Read<number> = (v, at) => (typeof v === 'number' && Number.isFinite(v) ? v : fail(at, `${show(v)}, expected a number`));
const bool: Read<boolean> = (v, at) => (typeof v === 'boolean' ? v : fail(at, `${show(v)}, expected true or false`));
const list = <T>(v: unknown, at: string, read: Read<T>): T[] => (Array.isArray(v) ? v.map((item, i) => read(item, `${at}[${i}]`)) : fail(at, `${show(v)}, expected an array`));
const int: Read<number> = (v, at) => (Number.isInteger(v) ? (v as number) : fail(at, `${show(v)}, expected an integer`));

class Fields {
  constructor(readonly o: Record<string, unknown>, private readonly at: string) {}
  path(key: string): string {
    return this.at ? `${this.at}.${key}` : key;
  }
  str(key: string): string { return str(this.o[key], this.path(key)); }
  num(key: string): number { return num(this.o[key], this.path(key)); }
  int(key: string): number { return int(this.o[key], this.path(key)); }
  bool(key: string): boolean { return bool(this.o[key], this.path(key)); }
  oneOf<T extends string>(key: string, values: readonly T[]): T {
    const v = this.o[key];
    return (values as readonly unknown[]).includes(v) ? (v as T) : fail(this.path(key), `${show(v)}, expected one of ${values.join(', ')}`);
  }
  obj(key: string): Fields { return fields(this.o[key], this.path(key)); }
  /** Absent or null (the report writes null for "none"). */
  opt<T>(key: string, read: Read<T>): T | undefined {
    const v = this.o[key];
    return v === undefined || v === null ? undefined : read(v, this.path(key));
  }
  list<T>(key: string, read: Read<T>): T[] { return list(this.o[key], this.path(key), read); }
}

function fields(v: unknown, at: string): Fields {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail(at, `${show(v)}, expected an object`);
  return new Fields(v as Record<string, unknown>, at);
}

function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The known keys of a plain-data object (settings, actor, side...), in the order the
 * report wrote them, because renderJson copies these objects as they are: a re-rendered
 * report stays byte-identical. Unknown keys (a newer racecheck's additions) are dropped.
 */
function known<T extends object>(f: Fields, read: (f: Fields) => T): T {
  const values = read(f) as Record<string, unknown>;
  const keys = [...Object.keys(f.o).filter((k) => k in values), ...Object.keys(values).filter((k) => !(k in f.o))];
  return Object.fromEntries(keys.filter((k) => values[k] !== undefined).map((k) => [k, values[k]])) as T;
}
