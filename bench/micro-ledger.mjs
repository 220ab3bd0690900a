// The ledger's cost per transition, single-threaded and free of scheduling
// noise: racecheck's own runActor (dist/engine/actor.js) runs a synchronous op
// with and without ctx.transition, its ring drained into racecheck's
// LedgerValidator whenever full (what the main thread does every 5 ms). The
// default checksum hashes every SharedArrayBuffer-backed array of the state
// on entry and exit of each transition, so the cost grows with the state size.
// Prints JSON: ns per op for each state size.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');
const dist = (rel) => import(pathToFileURL(path.join(DIST, rel)).href);
const [{ runActor }, { Telemetry }, { LedgerValidator }, { makeChecksum }, { makePrng }] = await Promise.all([
  dist('engine/actor.js'), dist('shm/telemetry.js'), dist('check/ledger.js'), dist('check/checksum.js'), dist('sched/prng.js'),
]);

const OPS = 1000;
const ROUNDS = 200;
const spec = { id: 0, kind: 'task', name: 'task#1', ops: [0], cumulative: [1], opsPerRound: OPS };
const yieldFn = () => Promise.resolve();

async function nsPerOp(stateBytes, withTransition) {
  const state = { words: new Int32Array(new SharedArrayBuffer(stateBytes)) };
  const inc = () => {
    state.words[0]++;
  };
  const op = withTransition ? (_v, ctx) => ctx.transition('inc', inc) : () => inc();
  const t = Telemetry.create(1);
  const checksum = makeChecksum(state, state);
  let ledger;
  const drain = () => t.drain(0, (e) => ledger.add({ actor: 0, ...e }));
  const run = async (rounds) => {
    for (let r = 1; r <= rounds; r++) {
      t.resetRound(r, false);
      ledger = new LedgerValidator(0);
      await runActor({ telemetry: t, spec, ops: [op], view: state, checksum, prng: makePrng(r), yieldFn, round: r, roundSeed: r, collectResults: false, onRingFull: drain });
      drain();
      if (ledger.finish()) throw new Error('ledger issue in a single-actor run');
    }
  };
  await run(ROUNDS / 4); // warm up the JIT
  const t0 = performance.now();
  await run(ROUNDS);
  return ((performance.now() - t0) * 1e6) / (ROUNDS * OPS);
}

const out = [];
for (const bytes of [4, 4096, 65536]) {
  const plain = await nsPerOp(bytes, false);
  const tx = await nsPerOp(bytes, true);
  out.push({ stateBytes: bytes, plainNsPerOp: Math.round(plain), transitionNsPerOp: Math.round(tx), ledgerNsPerTransition: Math.round(tx - plain) });
}
process.stdout.write(JSON.stringify(out) + '\n');
