// The round in flight, for the supervisor's crash report (a crash finding names its
// round, and its replay carries the round and its size). The run process overwrites
// one 32-byte record in a file of its bundle folder as each round starts: one pwrite,
// and nobody is woken. The supervisor reads it only after the run process has died.
// A pipe line per round did this before and woke the supervisor process every round:
// on 2 cores that cost a round of 1 to 2 ms about a tenth of its time.
import { openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';

export const beaconPath = (bundleDir: string): string => path.join(bundleDir, 'round.bin');

export interface RoundMark {
  /** Which scenario of the file, counted from 1 in the order their 'start' events went out. */
  scenario: number;
  round: number;
  roundSeed: number;
  /** Ops per actor of the round. */
  opsPerRound: number;
}

const FIELDS = 4;

export class RoundBeacon {
  private readonly f64 = new Float64Array(FIELDS);
  private readonly bytes = new Uint8Array(this.f64.buffer);
  private readonly fd: number | undefined;

  constructor(file: string) {
    let fd: number | undefined;
    try {
      fd = openSync(file, 'w');
    } catch {
      fd = undefined; // no folder (a test harness): a crash report then names no round
    }
    this.fd = fd;
  }

  mark(m: RoundMark): void {
    if (this.fd === undefined) return;
    this.f64[0] = m.scenario;
    this.f64[1] = m.round;
    this.f64[2] = m.roundSeed;
    this.f64[3] = m.opsPerRound;
    try {
      writeSync(this.fd, this.bytes, 0, this.bytes.length, 0);
    } catch {
      // best effort, as above
    }
  }
}

export function readBeacon(file: string): RoundMark | undefined {
  let b: Buffer;
  try {
    b = readFileSync(file);
  } catch {
    return undefined;
  }
  if (b.length < FIELDS * 8) return undefined;
  const f = new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + FIELDS * 8));
  const [scenario, round, roundSeed, opsPerRound] = [f[0]!, f[1]!, f[2]!, f[3]!];
  if (![scenario, round, roundSeed, opsPerRound].every(Number.isInteger) || round < 1) return undefined;
  return { scenario, round, roundSeed, opsPerRound };
}
