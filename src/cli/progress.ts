// Live progress while scenarios run. On a TTY: one line redrawn in place
// (file, round, ops/s, findings, elapsed). Elsewhere (pipes, CI): a plain line
// every ~10 s, so a long CI step shows it is alive, with no cursor codes.
import type { RunEvent } from '../engine/protocol.js';
import { formatCount } from '../report/format.js';
import { clean } from '../report/text.js';

const REDRAW_MS = 100;
const HEARTBEAT_MS = 10_000;

export interface ProgressStream {
  write(s: string): boolean;
  isTTY?: boolean;
}

export class Progress {
  private line = '';
  private lastDraw = 0;
  private lastBeat = performance.now();
  private readonly started = performance.now();

  constructor(
    private readonly out: ProgressStream,
    private readonly live: boolean,
    private readonly heartbeatMs = HEARTBEAT_MS,
  ) {}

  on(e: RunEvent & { file: string }): void {
    if (e.type !== 'progress') return;
    const secs = e.elapsedMs / 1000;
    const rate = secs > 0 ? Math.round(e.ops / secs) : 0;
    const text = `${clean(e.file)} > ${clean(e.scenario)}  round ${e.round}  ${formatCount(e.ops)} ops  ${formatCount(rate)} ops/s  ${e.findings} finding${e.findings === 1 ? '' : 's'}  ${secs.toFixed(1)} s`;
    const now = performance.now();
    if (this.live) {
      if (now - this.lastDraw < REDRAW_MS) return;
      this.lastDraw = now;
      this.line = text;
      this.out.write(`\r\x1b[2K${text}`);
    } else if (now - this.lastBeat >= this.heartbeatMs) {
      this.lastBeat = now;
      this.out.write(`racecheck: ${text} (${((now - this.started) / 1000).toFixed(0)} s in all)\n`);
    }
  }

  /** Write other output: the live line is cleared first, so nothing is half-overwritten. */
  write(text: string): void {
    this.clear();
    this.out.write(text);
  }

  clear(): void {
    if (this.live && this.line) {
      this.out.write('\r\x1b[2K');
      this.line = '';
    }
  }
}
