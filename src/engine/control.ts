// A round's schedule on the engine side: builds the loop controller for a
// controlled round and hands its schedule token, step count and trace to the
// round's findings. Kept out of round.ts so the round stays about rounds.
import type { Finding, RunSettings } from '../result.js';
import { LoopControl } from '../sched/loop-control.js';
import { formatSchedule, isControlled, makeScheduler, parseSchedule, Portfolio } from '../sched/schedule.js';
import { DEFAULT_SCHEDULER } from '../sched/settings.js';
import type { RoundSchedule } from '../sched/scheduler.js';
import { traceSteps } from '../sched/trace.js';
import type { Plan } from './plan.js';
import type { Gate } from '../shm/gate.js';

export interface RoundControl {
  schedule: RoundSchedule;
  /** Loop tasks' controller; undefined in a mix round. */
  loop?: LoopControl;
}

/** `gate`: the worker actors' gate slots (undefined: the scenario has no worker actors). */
export function roundControl(schedule: RoundSchedule | undefined, plan: Plan, rSeed: number, stopped: () => boolean, gate?: Gate, collect: () => void = () => undefined): RoundControl {
  // Every round starts with clean slots: a SLEEP word a stuck thread left odd is no sleep of this round's.
  gate?.reset();
  if (!schedule || !isControlled(schedule)) return { schedule: { strategy: 'mix' } };
  const tasks = plan.actors.filter((a) => a.kind === 'task').map((a) => a.id);
  const workers = gate ? plan.actors.filter((a) => a.kind === 'worker').map((a) => a.id) : [];
  const all = [...tasks, ...workers].sort((a, b) => a - b);
  return { schedule, loop: new LoopControl(makeScheduler(schedule, rSeed, all), tasks, stopped, gate ? { gate, ids: workers, collect } : undefined) };
}

/** Schedule token and (for a controlled round) the trace, on every finding of the round. */
export function annotate(findings: Finding[], c: RoundControl, plan: Plan): void {
  if (findings.length === 0) return;
  const token = formatSchedule(c.schedule);
  const trace = c.loop
    ? traceSteps(c.loop.merged(), (id) => plan.actors[id]?.name ?? `actor#${id}`, (op) => plan.opNames[op] ?? `op#${op}`)
    : undefined;
  for (const f of findings) {
    f.schedule = token;
    if (trace) {
      // A blocked loop is reported after the block, while the round went on: its trace
      // ends with the step that held the main thread that long.
      const held = blockedStep(f, c.loop!);
      const steps = held === undefined ? trace : trace.filter((e) => e.step <= held);
      const last = steps[steps.length - 1];
      // A quiescent check fails after the last step: say so at the end.
      f.trace = last?.event === 'fail' ? steps : [...steps, { step: last?.step ?? 0, actor: 'main', event: 'fail', message: f.message }];
      if (c.loop!.trace.dropped > 0) f.traceDropped = c.loop!.trace.dropped;
    }
  }
}

/**
 * The step of a loop-blocked finding's block: the first one during which the main
 * thread was held at least as long as the watchdog saw it blocked (LoopControl.heldSteps).
 */
const HEARTBEAT_SLACK_MS = 15;

function blockedStep(f: Finding, loop: LoopControl): number | undefined {
  if (f.check !== 'loop-blocked') return undefined;
  const ms = f.actors.find((a) => a.name === 'main')?.stuckMs;
  if (ms === undefined) return undefined;
  // The watchdog measures from the last heartbeat before the block (every 10 ms,
  // watch/host.ts, later on a loaded machine): the block itself may be a little shorter.
  return loop.heldSteps.find((h) => h.ms >= ms - Math.max(HEARTBEAT_SLACK_MS, ms / 4))?.step;
}

/** Round -> schedule for a run: the replayed token for --schedule, else the portfolio. */
export function roundScheduler(settings: RunSettings, plan: Plan): { forRound: (round: number) => RoundSchedule; observe: (steps: number) => void } {
  if (settings.schedule !== undefined) {
    const fixed = parseSchedule(settings.schedule);
    if (typeof fixed !== 'string') return { forRound: () => fixed, observe: () => undefined };
  }
  const portfolio = new Portfolio({
    scheduler: settings.scheduler ?? DEFAULT_SCHEDULER,
    ...(settings.pctDepth !== undefined ? { pctDepth: settings.pctDepth } : {}),
    controllable: plan.tasks + plan.workers,
    // Two scheduling points an op (its start and one yield) until rounds are measured.
    initialSteps: plan.actors.reduce((n, a) => n + a.opsPerRound, 0) * 2,
  });
  return { forRound: (r) => portfolio.forRound(r), observe: (n) => portfolio.observe(n) };
}
