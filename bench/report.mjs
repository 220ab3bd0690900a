// The bench's markdown: one table per section, then the targets with pass/miss.
import { mark, ms, num, pct, table } from './lib/markdown.mjs';

export function renderDetect(rows) {
  return table(
    ['buggy scenario', 'expect', 'detected', 'median', 'p90', 'median rounds', 'target (median)', 'rate (all seeds)', 'time'],
    rows.map((r) => [
      `\`${r.base}\`${r.loopOnly ? ' (loop-only)' : ''}`,
      (r.expect ?? 'no expect line') + (r.checkMatched < r.detected ? ` (check ${r.checkMatched}/${r.detected})` : ''),
      `${r.detected}/${r.seeds}`,
      ms(r.medianMs),
      ms(r.p90Ms),
      r.medianRounds ?? '—',
      `<= ${r.targetMs / 1000} s`,
      mark(r.passRate),
      mark(r.passTime),
    ]),
  );
}

export function renderOverhead(rows) {
  return table(
    ['fixed scenario', 'racecheck --scheduler mix --ops 50 ops/s', 'racecheck, transitions as plain calls', 'raw baseline ops/s', 'ratio', 'ratio w/o transitions (target >= 70%)', 'ledger cost', 'ms per round (racecheck / raw)', 'default (auto, sized rounds) ops/s', ''],
    rows.map((r) => [
      `\`${r.base}\``,
      num(r.racecheckOpsPerSec),
      r.usesTransition ? num(r.racecheckNoTransitionOpsPerSec) : 'no transitions',
      num(r.baselineOpsPerSec) + (r.baselineNoTransitionOpsPerSec ? ` (${num(r.baselineNoTransitionOpsPerSec)} on the plain-call file)` : ''),
      pct(r.ratio),
      pct(r.ratioNoTransition),
      r.ledgerCost === null ? '—' : `${pct(r.ledgerCost)} fewer ops/s`,
      `${r.racecheckMsPerRound} / ${r.baselineMsPerRound}`,
      r.autoOpsPerSec === undefined ? '—' : num(r.autoOpsPerSec),
      mark(r.pass) + (r.errors.length || r.findings.length ? ` (${[...r.errors, ...r.findings].join('; ')})` : ''),
    ]),
  );
}

export function renderLedger(rows) {
  return table(
    ['counter op (yield + Atomics.add)', 'without ctx.transition', 'with ctx.transition', 'with / without', 'extra per op (run-wide)'],
    rows.map((r) => [
      '8 loop tasks (workers: false)',
      `${num(r.plainOpsPerSec)} ops/s`,
      `${num(r.transitionOpsPerSec)} ops/s`,
      pct(r.ratio),
      `${r.extraUsPerOp} µs` + (r.errors.length || r.findings.length ? ` (${[...r.errors, ...r.findings].join('; ')})` : ''),
    ]),
  );
}

export function renderLedgerMicro(rows) {
  return table(
    ['shared state (SharedArrayBuffer)', 'op without transition', 'op in ctx.transition', 'ledger cost per transition'],
    rows.map((r) => [`${r.stateBytes.toLocaleString('en-US')} B`, `${r.plainNsPerOp} ns`, `${r.transitionNsPerOp} ns`, `${r.ledgerNsPerTransition} ns`]),
  );
}

export function renderStartup(s) {
  const p = s.phases;
  return [
    table(
      [`measure (${s.runs.length} repetitions)`, 'median', 'best'],
      [
        [`spawn -> 'start' event (${s.workers} worker threads ready, before round 1), \`${s.file}\`, ${s.workers} workers + ${s.tasks} tasks`, `${s.toStartMs} ms (target <= ${s.targetMs} ms: ${mark(s.pass)})`, `${s.best.toStartMs} ms`],
        ['spawn -> exit, `--rounds 1 --ops 1` (startup + 1 round + shutdown + report)', `${s.oneRoundMs} ms`, `${s.best.oneRoundMs} ms`],
        ['`racecheck --version` (node + CLI imports only)', `${s.cliOnlyMs} ms`, `${s.best.cliOnlyMs} ms`],
        ['`node -e 0`', `${s.nodeMs} ms`, `${s.best.nodeMs} ms`],
      ],
    ),
    '',
    'Run-process phases (median), timed in-process by `bench/startup-phases.mjs` (the same steps one after the other; the run process itself overlaps bundling with its imports and the watchdog\'s boot):',
    '',
    table(
      ['phase', 'ms'],
      [
        ['node boot to first line of the script', p.nodeBootMs],
        ['import racecheck modules + piscina', p.importModulesMs],
        ['esbuild bundle of the scenario', p.bundleMs],
        ['import the bundle on main', p.importBundleMs],
        [`a piscina pool of ${s.workers} threads, one session per worker actor, all ready (each imports entry.js + bundle)`, p.poolWarmMs],
        ['end the sessions, pool.destroy()', p.poolDestroyMs],
      ],
    ),
  ].join('\n');
}

export function renderReference(rows) {
  return table(
    ['work', 'racecheck (spawn -> exit)', 'reference', 'reference (spawn -> exit)', 'ratio of medians', 'median of pair ratios', 'load', 'target'],
    rows.map((r) => [
      `${r.name}, \`${r.file}\``, ms(r.racecheckMs), `\`${r.reference}\``, ms(r.referenceMs), `${r.ratio}x`, r.pairRatio ? `${r.pairRatio}x` : '—',
      r.loadAvg ? r.loadAvg.join(' to ') : '—',
      `<= ${r.target}x: ${mark(r.pass)}${r.bothFound ? '' : ' (not found on both sides every time)'}`,
    ]),
  );
}

export function renderFiles(rows) {
  return table(
    ['command', 'files', 'wall', 'files/s', "scenarios' own run time", 'overhead per file', 'scenarios pass / fail / error'],
    rows.map((r) => [`\`${r.command}\``, r.files, ms(r.wallMs), r.filesPerSec, ms(r.scenarioMs), ms(r.overheadPerFileMs), `${r.statuses.pass} / ${r.statuses.fail} / ${r.statuses.error}`]),
  );
}

export function renderMemory(m) {
  return table(
    ['fixed scenario', 'duration', 'run process peak RSS (VmHWM)', 'RSS at 25/50/75/100% of the run', 'supervisor peak', 'rounds / ops / transitions', 'target <= 300 MB'],
    [[`\`${m.file}\``, `${m.seconds} s`, `${m.runProcessPeakMb} MB`, `${m.rssTrendMb.join(' / ')} MB`, `${m.supervisorPeakMb} MB`, `${num(m.rounds)} / ${num(m.ops)} / ${num(m.transitions)}`, mark(m.pass)]],
  );
}

export function renderPeer(rows) {
  return table(
    ['loop-only bug', 'peer', 'racecheck: detected, median wall, in-process, rounds', 'fast-check: failed, median wall, in-process, runs (max)'],
    rows.map((r) => [
      `\`${r.file}\``,
      r.peer ? `\`${r.peer}\`` : 'not written',
      r.racecheck ? `${r.racecheck.detected}/${r.racecheck.seeds}, ${ms(r.racecheck.medianWallMs)}, ${ms(r.racecheck.medianInProcessMs)}, ${r.racecheck.medianRounds ?? '—'} rounds` : '—',
      r.fastcheck ? `${r.fastcheck.failed}/${r.fastcheck.seeds}, ${ms(r.fastcheck.medianWallMs)}, ${ms(r.fastcheck.medianCheckMs)}, ${r.fastcheck.medianRuns ?? '—'} runs (${r.fastcheck.maxRuns ?? '—'})${r.fastcheck.fixedVariantPasses100Runs ? '' : '; **fixed variant fails**'}` : '—',
    ]),
  );
}

export function targetsOf(res) {
  const t = [];
  if (res.detect) {
    const all = res.detect.every((r) => r.passRate);
    const n = res.detect[0]?.seeds ?? 0;
    t.push([`every buggy scenario detected on ${n}/${n} seeds`, res.detect.filter((r) => r.passRate).length + `/${res.detect.length} scenarios`, all]);
    for (const ms1 of [1000, 3000]) {
      const rows = res.detect.filter((r) => r.targetMs === ms1);
      if (rows.length === 0) continue;
      const slow = rows.filter((r) => !r.passTime);
      const worst = rows.reduce((a, b) => ((a.medianMs ?? Infinity) >= (b.medianMs ?? Infinity) ? a : b));
      const what = ms1 === 1000 ? rows.map((r) => r.base).join(', ') : `the other ${rows.length}`;
      const measured = ms1 === 1000
        ? rows.map((r) => `${r.base} ${r.medianMs ?? 'never'} ms`).join('; ')
        : slow.length
          ? `over: ${slow.map((r) => `${r.base} ${r.medianMs ?? 'never'} ms`).join('; ')}`
          : `slowest ${worst.base} ${worst.medianMs} ms`;
      t.push([`median time to detect <= ${ms1 / 1000} s (${what})`, measured, slow.length === 0]);
    }
  }
  for (const r of res.reference ?? []) t.push([`${r.name} <= ${r.target}x its reference (${r.reference})`, `${r.ratio}x (${r.racecheckMs} / ${r.referenceMs} ms)`, r.pass]);
  if (res.startup) t.push(['startup <= 0.5 s with 8 workers', `${res.startup.toStartMs} ms to the start event`, res.startup.pass]);
  if (res.overhead?.length) {
    const worst = res.overhead.reduce((a, b) => (a.ratioNoTransition <= b.ratioNoTransition ? a : b));
    t.push(['racecheck >= 70% of the raw baseline (ops without transitions)', `lowest ${pct(worst.ratioNoTransition)} (${worst.base})`, res.overhead.every((r) => r.pass)]);
  }
  for (const r of res.files ?? []) t.push([`files per second, \`${r.command}\``, `${r.filesPerSec} files/s (${r.files} files, ${r.overheadPerFileMs} ms overhead per file)`, r.exit === 1 && r.statuses.error === 0]);
  if (res.memory) t.push([`peak RSS <= 300 MB over ${res.memory.seconds} s`, `${res.memory.runProcessPeakMb} MB`, res.memory.pass]);
  return t;
}

export function renderTargets(targets) {
  return table(['target', 'measured', ''], targets.map(([a, b, ok]) => [a, b, mark(ok)]));
}
