// JSON Schema (draft 2020-12) of the JSON report, schemaVersion 1. Additive changes
// (new optional keys) keep version 1, so objects do not forbid extra properties;
// removing or retyping a key needs schemaVersion 2.
import { FINDING_KINDS } from '../result.js';
import { settingsJsonSchema } from '../options.js';

const STATUS = { enum: ['pass', 'fail', 'error', 'interrupted'] } as const;
const int = { type: 'integer', minimum: 0 } as const;
const num = { type: 'number', minimum: 0 } as const;

export const reportJsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'racecheck JSON report',
  description: 'Output of `racecheck run --reporter json`. Paths are relative to the working directory, with `/` separators.',
  type: 'object',
  required: ['schemaVersion', 'tool', 'version', 'status', 'durationMs', 'summary', 'errors', 'files'],
  properties: {
    schemaVersion: { const: 1 },
    tool: { const: 'racecheck' },
    version: { type: 'string', description: 'racecheck version that wrote the report' },
    status: { ...STATUS, description: 'Overall status; the exit code follows from it (pass 0, fail 1, error 2, interrupted 130).' },
    durationMs: int,
    summary: {
      type: 'object',
      required: ['files', 'scenarios', 'passed', 'failed', 'errors', 'interrupted', 'findings', 'byKind'],
      properties: {
        files: int, scenarios: int, passed: int, failed: int, errors: int, interrupted: int,
        findings: { ...int, description: 'Every finding, those --fail-on ignored included (byKind counts the same).' },
        ignored: { ...int, description: 'Of findings, those --fail-on left out: reported, not failing.' },
        skipped: { ...int, description: 'Files the --scenario filter left out.' },
        byKind: {
          type: 'object',
          required: [...FINDING_KINDS],
          properties: Object.fromEntries(FINDING_KINDS.map((k) => [k, int])),
        },
      },
    },
    errors: { type: 'array', items: { type: 'string' }, description: 'Usage or load errors not tied to one scenario.' },
    files: { type: 'array', items: { $ref: '#/$defs/file' } },
    skipped: {
      type: 'array',
      description: 'Files the --scenario filter left out (no scenario of theirs matches), with the scenarios they have.',
      items: {
        type: 'object',
        required: ['file', 'scenarios'],
        properties: { file: { type: 'string' }, scenarios: { type: 'array', items: { type: 'string' } } },
      },
    },
  },
  $defs: {
    file: {
      type: 'object',
      required: ['file', 'status', 'durationMs', 'scenarios'],
      properties: {
        file: { type: 'string' },
        status: STATUS,
        durationMs: int,
        scenarios: { type: 'array', items: { $ref: '#/$defs/scenario' } },
      },
    },
    scenario: {
      type: 'object',
      required: ['name', 'status', 'seed', 'rounds', 'ops', 'durationMs', 'settings', 'sides', 'eventLoop', 'error', 'replay', 'findings'],
      properties: {
        name: { type: 'string' },
        status: STATUS,
        seed: { type: 'integer' },
        rounds: int,
        ops: int,
        durationMs: int,
        startupMs: { ...int, description: 'Of durationMs, the part before the budget started (the worker pool start).' },
        settings: { $ref: '#/$defs/settings' },
        sides: { type: 'array', items: { $ref: '#/$defs/side' } },
        eventLoop: {
          type: ['object', 'null'],
          required: ['maxMs', 'p99Ms'],
          properties: { maxMs: num, p99Ms: num },
        },
        error: { type: ['string', 'null'], description: 'Why the scenario could not run (status error).' },
        replay: { type: 'string', description: 'Command that replays the first finding, or this run.' },
        findings: { type: 'array', items: { $ref: '#/$defs/finding' } },
        warnings: { type: 'array', items: { type: 'string' }, description: 'Not findings, worth a line: processes the scenario left running (killed), a round the budget\'s cut left with ops waiting.' },
      },
    },
    // From the settings table (src/options.ts): a new setting appears here by itself.
    settings: settingsJsonSchema(),
    side: {
      type: 'object',
      required: ['kind', 'actors', 'ops', 'transitions', 'yields', 'maxOpMs'],
      properties: {
        kind: { enum: ['worker', 'task'] },
        actors: int, ops: int, transitions: int, yields: int, maxOpMs: num,
      },
    },
    finding: {
      type: 'object',
      required: ['kind', 'check', 'message', 'round', 'roundSeed', 'actors', 'location', 'transitions', 'stack', 'details', 'replay'],
      properties: {
        kind: { enum: [...FINDING_KINDS] },
        check: {
          type: 'string',
          description: 'What exactly was seen; new checks may appear within schemaVersion 1.',
          examples: ['lost-update', 'version-gap', 'checksum-break', 'occupancy', 'invariant', 'verify', 'assertion', 'exception', 'uncaught', 'crash', 'deadlock', 'wait-cycle', 'loop-blocked', 'unfair', 'livelock', 'timeout', 'overrun'],
        },
        message: { type: 'string', description: 'The cause in one line.' },
        round: int,
        roundSeed: { type: 'integer' },
        actors: { type: 'array', items: { $ref: '#/$defs/actor' } },
        location: {
          type: ['object', 'null'],
          required: ['file', 'line', 'column'],
          properties: { file: { type: 'string' }, line: int, column: { type: ['integer', 'null'] } },
        },
        transitions: { type: 'array', items: { $ref: '#/$defs/transition' } },
        stack: { type: ['string', 'null'] },
        details: { type: 'array', items: { type: 'string' } },
        replay: { type: 'string' },
        schedule: { type: 'string', description: 'The round\'s schedule token: mix, random or pct:DEPTH:STEPS; with the seed and round it fixes the round\'s decisions (--schedule).' },
        trace: { type: 'array', items: { $ref: '#/$defs/traceStep' }, description: 'A controlled round\'s interleaving, in order.' },
        shrunk: {
          type: 'object',
          required: ['from', 'to', 'runs'],
          description: 'This finding is the smallest failing round shrinking found; replay reproduces it.',
          properties: {
            from: { $ref: '#/$defs/shape' }, to: { $ref: '#/$defs/shape' }, runs: int,
            original: {
              type: 'object',
              required: ['check', 'message'],
              description: 'Present when the shrunk round shows the same corruption through another check: the original round\'s check and message.',
              properties: { check: { type: 'string' }, message: { type: 'string' } },
            },
          },
        },
        ignored: { type: 'boolean', description: '--fail-on left this kind out: reported, it does not fail its scenario or the run (a crash always fails).' },
        reproduced: {
          type: 'object',
          required: ['runs', 'failed'],
          description: 'A free-running (threaded) finding: re-runs of its round, and how many gave the same kind and check.',
          properties: { runs: int, failed: int },
        },
      },
    },
    shape: {
      type: 'object',
      required: ['workers', 'tasks', 'ops'],
      properties: { workers: int, tasks: int, ops: int, depth: int },
    },
    traceStep: {
      type: 'object',
      required: ['step', 'actor', 'event'],
      properties: {
        step: int,
        actor: { type: 'string' },
        event: { enum: ['run', 'op', 'yield', 'enter', 'exit', 'section-enter', 'section-exit', 'wait', 'fail', 'done'] },
        name: { type: 'string' }, label: { type: 'string' }, from: { type: 'integer' }, to: { type: 'integer' }, message: { type: 'string' },
      },
    },
    actor: {
      type: 'object',
      required: ['name', 'kind'],
      properties: {
        name: { type: 'string' },
        kind: { enum: ['worker', 'task', 'main'] },
        op: { type: 'string' },
        label: { type: 'string' },
        stuckMs: num,
        stack: { type: 'string' },
        state: { type: 'string' },
      },
    },
    transition: {
      type: 'object',
      required: ['actor', 'op', 'from', 'to', 'checksumBefore', 'checksumAfter'],
      properties: {
        actor: { type: 'string' },
        op: { type: 'string' },
        from: { type: 'integer' },
        to: { type: 'integer' },
        checksumBefore: { type: 'integer', description: '32-bit word as a number' },
        checksumAfter: { type: 'integer', description: '32-bit word as a number' },
      },
    },
  },
} as const;
