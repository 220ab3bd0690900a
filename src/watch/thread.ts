// The watchdog thread: a plain worker_thread of the run process. Every POLL_MS it reads
// the shared telemetry (never the main thread's help), lets the detector judge, and for
// each decision gathers stacks through the inspector, writes the finding straight to the
// supervisor's event pipe and hands it to the main thread. When the main thread cannot
// finish the scenario after a terminal finding (blocked, or awaiting something that will
// never settle), the watchdog writes the scenario's result itself, seals the pipe and
// kills the process: the supervisor then has a complete report, stacks included.
import { threadId, workerData, type MessagePort } from 'node:worker_threads';
import { Telemetry, A, CTRL } from '../shm/telemetry.js';
import type { Finding } from '../result.js';
import { roundSeed } from '../sched/round-seed.js';
import { C, CF, Control, Phase, epochNow, phaseName } from '../shm/control.js';
import { EventWriter } from './channel.js';
import { Detector, configFor, isTerminal, type Decision } from './detector.js';
import { buildFinding, type Evidence } from './findings.js';
import { formatDuration } from '../duration.js';
import { waitStats } from './grade/lock-stats.js';
import { blamesUser, inAsyncSpawn } from './blame.js';
import { ComputeWatch } from './compute.js';
import { judgeStall, readMainThread } from './cpu.js';
import type { FromWatchdog, MutexInfo, ScenarioInfo, ToWatchdog } from './protocol.js';
import { takeSample, type Sample } from './sample.js';
import { captureMain, captureWorkers, type MainCapture } from './stacks.js';
import { wedgeResult, type Progress } from './wedge.js';
import { replayCommand } from '../replay.js';

export interface WatchdogData {
  control: SharedArrayBuffer;
  fd: number;
  port: MessagePort;
  parentPid: number;
  /** The scenario file as the user gave it (for a report before any scenario starts). */
  file: string;
  deadlockTimeoutMs: number;
}

const POLL_MS = 20;
const CAPTURE_MS = 400;
/** A loaded machine is slow to pause a thread too: the wait for a stack grows with the noise. */
const captureMs = () => Math.min(CAPTURE_MS + 2 * noiseMs, 2000);
/** Worker stacks of a terminal finding (a deadlock): the round is over either way. */
const TERMINAL_CAPTURE_MS = 1500;
/** After a terminal finding: a main thread that stops beating this long will not come back. */
const WEDGE_STALE_MS = 300;
/** After a terminal finding: the main thread must have written the result by then (pool close included). */
const WEDGE_FALLBACK_MS = 3000;

interface Current {
  info: ScenarioInfo;
  telemetry: Telemetry;
  detector: Detector;
  /** Stamps worker threads that compute (watch/compute.ts). */
  compute: ComputeWatch;
  round: number;
  roundSeed: number;
  mutexes: MutexInfo[];
  progress?: Progress;
  /** Findings reported since the main thread's last summary. */
  own: Finding[];
  resultsAtStart: number;
  terminalAt?: number;
  ended: boolean;
}

const data = workerData as WatchdogData;
const control = new Control(data.control);
const writer = new EventWriter(data.fd, control);
const port = data.port;
let current: Current | undefined;
let busy = false;
/** Heartbeats are not expected while the watchdog itself keeps the main thread paused. */
let beatFloor = 0;
/** The main thread's CPU time when its heartbeat last moved (see cpu.ts). */
let lastBeat = 0;
let cpuAtLastBeat: number | undefined;
/**
 * The heartbeat value at which the main thread was last seen asleep in the kernel during
 * a stall (-1: none), per decision judged on it (their thresholds differ).
 */
const asleepAtBeat = { 'loop-blocked': -1, 'main-stuck': -1 };

/**
 * Whether a stall of the main thread is evidence yet (watch/cpu.ts judgeStall): it burnt
 * `thresholdMs` of CPU since its last beat, or it was asleep in the kernel on two looks.
 */
function stallEvidence(kind: keyof typeof asleepAtBeat, thresholdMs: number): 'block' | 'wait' {
  const beat = control.heartbeat;
  const main = readMainThread();
  const call = judgeStall(main, cpuAtLastBeat, thresholdMs, asleepAtBeat[kind] === beat);
  asleepAtBeat[kind] = main?.state === 'S' || main?.state === 'D' ? beat : -1;
  return call;
}
/** The machine's noise as this thread sees it: its own timer's recent lateness (decaying peak). */
let lastTickAt = 0;
let noiseMs = 0;
const NOISE_DECAY_PER_MS = 0.25;

function noteTick(now: number): void {
  if (lastTickAt > 0) {
    const elapsed = now - lastTickAt;
    noiseMs = Math.max(elapsed - POLL_MS, noiseMs - elapsed * NOISE_DECAY_PER_MS, 0);
  }
  lastTickAt = now;
}

port.on('message', (m: ToWatchdog) => {
  switch (m.type) {
    case 'scenario': {
      const { info } = m;
      const telemetry = new Telemetry(info.telemetry, info.actors.length);
      current = {
        info, telemetry, compute: new ComputeWatch(telemetry, info.actors.filter((a) => a.kind === 'worker').map((a) => a.id)),
        detector: new Detector(configFor(info.settings.deadlockTimeoutMs, info.settings.starvationThresholdMs, info.settings.bail, info.deadline, info.graceMs)),
        round: 0, roundSeed: 0, mutexes: [], own: [], resultsAtStart: control.results, ended: false,
      };
      break;
    }
    case 'round':
      if (current) Object.assign(current, { round: m.round, roundSeed: m.roundSeed, mutexes: m.mutexes });
      break;
    case 'summary':
      if (current) {
        const { type: _t, ...progress } = m;
        current.progress = progress;
        current.own = [];
      }
      break;
    case 'scenario-end':
      current = undefined;
      break;
    default: {
      const never: never = m;
      throw new Error(`unknown watchdog message ${JSON.stringify(never)}`);
    }
  }
});

function tick(): void {
  // The supervisor is gone (killed): nobody will read a report, and nobody will reap us.
  if (process.ppid !== data.parentPid) process.kill(process.pid, 'SIGKILL');
  const now = epochNow();
  noteTick(now);
  const c = current;
  if (!c) {
    loadingCheck(now);
    return;
  }
  if (c.ended) return;
  if (control.heartbeat !== lastBeat) {
    lastBeat = control.heartbeat;
    cpuAtLastBeat = readMainThread()?.cpuMs;
  }
  if (c.terminalAt !== undefined) {
    const stale = now - Math.max(control.heartbeat, beatFloor);
    if (stale >= WEDGE_STALE_MS || now - c.terminalAt >= WEDGE_FALLBACK_MS) wedge(c);
    return;
  }
  if (busy) return;
  c.compute.look(now);
  const s = takeSample(now, control, c.telemetry, c.info.actors, c.mutexes, beatFloor);
  const decisions = c.detector.step(s, noiseMs);
  if (decisions.length === 0) return;
  busy = true;
  Atomics.add(control.i32, C.REPORTING, 1);
  report(c, s, decisions)
    .catch((e: unknown) => process.stderr.write(`racecheck watchdog: ${(e as Error)?.stack ?? String(e)}\n`))
    .finally(() => {
      busy = false;
      Atomics.sub(control.i32, C.REPORTING, 1);
    });
}

let loadReported = false;
function loadingCheck(now: number): void {
  const limit = Math.max(data.deadlockTimeoutMs, 5000);
  if (loadReported || control.phase !== Phase.LOAD || now - control.heartbeat < limit || busy) return;
  loadReported = true;
  busy = true;
  void captureMain(captureMs()).then((m) => {
    const message = `${data.file}: ${phaseName(Phase.LOAD)} has blocked the main thread for ${formatDuration(epochNow() - control.heartbeat)} (an endless loop at module top level?)`;
    const sealed = writer.withLock(() => {
      if (control.results > 0) return false;
      writer.write(JSON.stringify({ type: 'fatal', file: data.file, message, ...(m.stack ? { stack: m.stack } : {}), exitCode: 2 }));
      writer.write(JSON.stringify({ type: 'done' }), { seal: true });
      return true;
    });
    if (sealed) process.kill(process.pid, 'SIGKILL');
    busy = false;
  });
}

/** The actors whose stacks a decision's report shows. */
function involved(d: Decision): number[] {
  switch (d.type) {
    case 'main-stuck':
    case 'loop-idle':
    case 'asleep':
    case 'livelock':
    case 'no-progress':
    case 'unfair':
    case 'overrun':
      return d.actors;
    case 'wait-cycle':
      return d.cycle.map((x) => x.actor).filter((id) => id >= 0);
    case 'phase-stuck':
    case 'loop-blocked':
      return [];
    default: {
      const never: never = d;
      throw new Error(`unknown decision ${JSON.stringify(never)}`);
    }
  }
}

/** Ops, yields and retries of the loop tasks so far: scenario code ran on the main thread when this moves. */
function taskActivity(c: Current, s: Sample): number {
  let n = 0;
  for (const a of s.actors) if (a.kind === 'task') n += c.telemetry.get(a.id, A.OPS) + c.telemetry.get(a.id, A.YIELDS) + c.telemetry.get(a.id, A.RETRIES);
  return n;
}

async function gather(c: Current, d: Decision, s: Sample): Promise<Evidence & { resumedBeforePause: boolean }> {
  const ids = involved(d);
  const mainBlocked = s.at - s.heartbeat >= c.detector.cfg.starvationThresholdMs;
  const tasks = ids.filter((id) => s.actors[id]?.kind === 'task');
  const workers = ids.filter((id) => s.actors[id]?.kind === 'worker').slice(0, 16);
  const beatAtDecision = control.heartbeat;
  const tasksAtDecision = taskActivity(c, s);
  const wantMain = mainBlocked || tasks.length > 0 || d.type === 'loop-blocked' || d.type === 'main-stuck' || d.type === 'phase-stuck';
  // A terminal finding's round cannot end anyway: its threads get longer to answer
  // the inspector on a loaded machine (the stack is the report's point).
  const ms = isTerminal(d) ? Math.max(captureMs(), TERMINAL_CAPTURE_MS) : captureMs();
  const [main, stacks] = await Promise.all([
    wantMain ? captureMain(ms) : Promise.resolve<MainCapture | undefined>(undefined),
    captureWorkers(workers.map((id) => s.actors[id]!.thread), threadId, ms),
  ]);
  // The heartbeat is a timer: a main thread that resumed runs its microtasks (loop
  // tasks' yields) before it beats, and the pause then lands in them. Any loop-task
  // activity since the decision says the same: the stack is not the block's.
  const resumedBeforePause = control.heartbeat !== beatAtDecision || taskActivity(c, s) !== tasksAtDecision;
  // Pausing a healthy main thread stops its heartbeat: not a block to report.
  if (wantMain && !mainBlocked) beatFloor = epochNow();
  const ev: Evidence & { resumedBeforePause: boolean } = { actors: new Map(), lockWaits: new Map(), resumedBeforePause };
  if (main && mainBlocked && !resumedBeforePause) ev.main = main.stack ? { stack: main.stack } : { note: main.note ?? 'no JS stack' };
  else if (main && mainBlocked) ev.main = { note: 'the main thread resumed before its stack was taken' };
  for (const id of workers) {
    const e = stacks.get(s.actors[id]!.thread);
    ev.actors.set(id, e ?? { note: 'no JS stack: the worker thread was not found' });
  }
  for (const id of tasks) {
    const site = main?.sites[String(id)];
    ev.actors.set(id, site
      ? { stack: site }
      : { note: mainBlocked ? 'on the blocked main thread' : 'pending on a promise (a loop task that is not running has no stack; its last ctx.label is shown)' });
  }
  for (const a of s.actors) {
    const w = c.telemetry.lockWaits(a.id);
    if (w.count > 0) ev.lockWaits.set(a.id, waitStats(w.buckets, w.maxMs));
  }
  const eldMax = control.f64[CF.ELD_MAX]!;
  if (eldMax > 0) ev.eventLoop = { maxMs: eldMax, p99Ms: control.f64[CF.ELD_P99]! };
  return ev;
}

async function report(c: Current, sampled: Sample, decisions: Decision[]): Promise<void> {
  // Labels as they stand now (the sample skips decoding them).
  const s: Sample = { ...sampled, actors: sampled.actors.map((a) => ({ ...a, ...labelOf(c, a.id) })) };
  for (const d of decisions) {
    // Not yet evidence (a loaded machine, a short wait inside V8): look again next tick.
    if (d.type === 'loop-blocked' && stallEvidence(d.type, c.detector.cfg.starvationThresholdMs) === 'wait') {
      c.detector.lookAgain();
      continue;
    }
    // The same evidence over the deadlock timeout: a main thread the OS did not run for
    // that long on a loaded machine is not stuck.
    if (d.type === 'main-stuck' && stallEvidence(d.type, c.detector.cfg.deadlockTimeoutMs) === 'wait') {
      c.detector.retract('main-stuck');
      continue;
    }
    const ev = await gather(c, d, s);
    if (d.type === 'main-stuck' && ev.resumedBeforePause) {
      // It beat (or ran a loop task) while its stack was being taken: not stuck. A long
      // block that ended is the blocked-loop check's (starvation), not a deadlock.
      c.detector.retract('main-stuck');
      continue;
    }
    if (d.type === 'loop-blocked' && (ev.resumedBeforePause || !blamesUser(ev.main?.stack) || inAsyncSpawn(ev.main?.stack))) {
      // A late heartbeat with no user code on the stack (descheduled process, GC,
      // racecheck's own work): nothing to blame; judge the next episode afresh.
      c.detector.forget('loop-blocked');
      continue;
    }
    const finding = buildFinding(d, s, ev, {
      file: c.info.file, opNames: c.info.opNames, round: s.round, roundSeed: roundSeed(c.info.seed, s.round),
      deadlockTimeoutMs: c.detector.cfg.deadlockTimeoutMs, starvationThresholdMs: c.detector.cfg.starvationThresholdMs,
      graceMs: c.detector.cfg.graceMs,
    });
    if (c.ended || control.results !== c.resultsAtStart) return;
    const { info } = c;
    const roundOps = control.roundOps;
    const settings = roundOps > 0 ? { ...info.settings, opsPerRound: roundOps, opsFixed: true } : info.settings;
    finding.replay = replayCommand({ file: info.file, named: info.named, scenario: { name: info.scenario }, seed: info.seed }, settings, finding.round);
    writer.write(JSON.stringify({ type: 'finding', scenario: c.info.scenario, finding }));
    c.own.push(finding);
    const msg: FromWatchdog = { type: 'finding', finding, terminal: isTerminal(d) };
    port.postMessage(msg);
    if (msg.terminal) c.terminalAt = epochNow();
  }
}

function labelOf(c: Current, id: number): { label?: string } {
  const label = c.telemetry.label(id);
  return label === undefined ? {} : { label };
}

function wedge(c: Current): void {
  c.ended = true;
  const sealed = writer.withLock(() => {
    if (control.results !== c.resultsAtStart) return false; // the main thread made it after all
    const t = c.telemetry;
    const per = (w: number) => c.info.actors.map((a) => t.get(a.id, w));
    const result = wedgeResult(c.info, c.progress, { round: Math.max(c.round, Atomics.load(c.telemetry.i32, CTRL.ROUND)), ops: per(A.OPS), transitions: per(A.TRANSITIONS), yields: per(A.YIELDS) }, c.own, epochNow());
    writer.write(JSON.stringify({ type: 'result', result }), { isResult: true });
    writer.write(JSON.stringify({ type: 'done' }), { seal: true });
    return true;
  });
  // Threads stuck in Atomics.wait, busy loops or native calls cannot be joined: only
  // the kernel ends this process reliably. The supervisor reaps the process group.
  if (sealed) process.kill(process.pid, 'SIGKILL');
}

setInterval(tick, POLL_MS);
