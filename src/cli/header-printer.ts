// Prints a scenario's header once it is clearly running. The run process says
// 'start' before round 1's setup(); if setup() then fails, the user should see
// one error line, not a header for a run that never happened. So the header
// waits for the scenario's next event, or a short delay, whichever is first.
import type { RunEvent } from '../engine/protocol.js';
import { renderHeader, type RenderOptions } from '../report/index.js';

const HOLD_MS = 300;

export class HeaderPrinter {
  private pending: string | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly write: (text: string) => void, private readonly opts: RenderOptions) {}

  on(e: RunEvent & { file: string }): void {
    if (e.type === 'start') {
      this.flush();
      this.pending = renderHeader({ scenario: e.scenario, file: e.file, seed: e.seed, settings: e.settings }, this.opts) + '\n';
      this.timer = setTimeout(() => this.flush(), HOLD_MS);
    } else if (e.type === 'fatal') {
      this.drop();
    } else {
      this.flush();
    }
  }

  private flush(): void {
    if (this.pending !== undefined) this.write(this.pending);
    this.drop();
  }

  private drop(): void {
    clearTimeout(this.timer);
    this.pending = undefined;
  }

  dispose(): void {
    this.drop();
  }
}
