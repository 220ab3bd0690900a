// 5. Against the peer: for every loop-only buggy scenario (workers: false,
// discovered by importing the file), the same bug as a fast-check
// fc.scheduler() property written by hand in bench/peer/<file-base>.mjs, run
// over the same seeds: wall time from process start to exit (like racecheck's
// time to detect), fast-check's in-process time and runs until the failure.
// racecheck's side comes from the time-to-detect runs (section 1).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT, rel } from './lib/paths.mjs';
import { parseJson, timed } from './lib/proc.mjs';
import { median, round } from './lib/stats.mjs';

const RUNNER = path.join(ROOT, 'bench/peer/run-peer.mjs');

export async function peer(buggy, detectRows, seeds, log) {
  const rows = [];
  for (const info of buggy.filter((b) => b.loopOnly)) {
    const peerFile = path.join(ROOT, 'bench/peer', `${info.base}.mjs`);
    const rc = detectRows.find((d) => d.file === info.rel);
    const rcDetected = rc?.runs.filter((r) => r.detected) ?? [];
    const row = {
      file: info.rel,
      peer: existsSync(peerFile) ? rel(peerFile) : null,
      racecheck: rc
        ? {
            detected: rc.detected, seeds: rc.seeds, medianWallMs: rc.medianMs,
            medianInProcessMs: rc.medianInProcessMs, medianRounds: median(rcDetected.map((r) => r.rounds)),
          }
        : null,
      fastcheck: null,
    };
    if (row.peer) {
      const runs = [];
      for (const seed of seeds) {
        const r = await timed([RUNNER, peerFile, '--seed', String(seed)], { timeoutMs: 120_000 });
        const j = parseJson(r.stdout.trim());
        runs.push({ seed, wallMs: r.wallMs, ...(j ?? { failed: false, error: r.stderr.slice(-300) }) });
      }
      const failed = runs.filter((r) => r.failed);
      // The peer's fixed variant must pass: its failures are the bug's, not the harness's.
      const sanity = parseJson((await timed([RUNNER, peerFile, '--seed', '1', '--fixed'], { timeoutMs: 120_000 })).stdout.trim());
      row.fastcheck = {
        fixedVariantPasses100Runs: sanity ? !sanity.failed : null,
        failed: failed.length,
        seeds: runs.length,
        medianWallMs: round(median(runs.map((r) => (r.failed ? r.wallMs : Infinity))), 0),
        medianCheckMs: round(median(failed.map((r) => r.checkMs)), 1),
        medianRuns: median(failed.map((r) => r.numRuns)),
        maxRuns: failed.length ? Math.max(...failed.map((r) => r.numRuns)) : null,
        runs,
      };
      log(`  ${info.base}: fast-check failed ${failed.length}/${runs.length}, median ${row.fastcheck.medianRuns} runs, ${row.fastcheck.medianCheckMs} ms in-process, ${row.fastcheck.medianWallMs} ms wall`);
    } else {
      log(`  ${info.base}: no peer in bench/peer/${info.base}.mjs`);
    }
    rows.push(row);
  }
  return rows;
}
