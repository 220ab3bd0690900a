// Prints a scenario's header once it is clearly running. The run process says
// 'start' before round 1's setup(); if setup() then fails, the user should see
// one error line, not a header for a run that never happened. So the header
// waits for the scenario's next event, or a short delay, whichever is first.
import type { RunEvent } from '../engine/protocol.js';
import type { HeaderInfo, RenderOptions } from '../report/default.js';

type RenderHeader = (info: HeaderInfo, opts: RenderOptions) => string;

const HOLD_MS = 300;

export class HeaderPrinter {
  private pending: HeaderInfo | undefined;
  private timer: NodeJS.Timeout | undefined;

  /** `renderer` resolves once the reporters have loaded (they load while the run process boots). */
  constructor(
    private readonly write: (text: string) => void,
    private readonly opts: RenderOptions,
    private readonly renderer: Promise<RenderHeader>,
  ) {}

  on(e: RunEvent & { file: string }): void {
    if (e.type === 'start') {
      this.flush();
      this.pending = { scenario: e.scenario, file: e.file, seed: e.seed, settings: e.settings, ...(e.fixed ? { fixed: e.fixed } : {}) };
      this.timer = setTimeout(() => this.flush(), HOLD_MS);
    } else if (e.type === 'fatal') {
      this.drop();
    } else {
      this.flush();
    }
  }

  private flush(): void {
    const info = this.pending;
    this.drop();
    if (info) void this.renderer.then((render) => this.write(render(info, this.opts) + '\n'));
  }

  private drop(): void {
    clearTimeout(this.timer);
    this.pending = undefined;
  }

  dispose(): void {
    this.drop();
  }
}
