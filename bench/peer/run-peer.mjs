// Runs one hand-written fast-check peer (bench/peer/<scenario>.mjs) until its
// first failure: fc.check with endOnFailure (no shrinking; racecheck does not
// minimise either), so numRuns is the runs until the failure, inclusive.
//   node bench/peer/run-peer.mjs <peer.mjs> --seed S [--fixed]
// Prints JSON { failed, numRuns, checkMs }. --fixed checks the peer's own fixed
// variant for 100 runs instead (it must pass: the failure is the bug's, not the
// harness's).
import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [file, , seedText] = process.argv.slice(2);
const fixed = process.argv.includes('--fixed');
const peer = await import(pathToFileURL(path.resolve(file)).href);
const t0 = performance.now();
const d = await fc.check(peer.property(fc, { fixed }), { seed: Number(seedText ?? 1), numRuns: fixed ? 100 : 100_000, endOnFailure: true });
const checkMs = performance.now() - t0;
process.stdout.write(JSON.stringify({ failed: d.failed, numRuns: d.numRuns, checkMs, error: d.failed ? String(d.errorInstance ?? '').slice(0, 200) : null }) + '\n');
