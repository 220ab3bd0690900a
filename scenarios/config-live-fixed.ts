// FIXED (see config-live-buggy.ts): the reload loads the signing key before it
// stages the config, so the watcher only ever sees complete configs and a
// request never reads a live config without its key.
import { defineScenario } from 'racecheck';

const ROUTES = 8;

interface Config {
  version: number;
  routes: string[];
  key?: string;
}

class Service {
  live: Config = { version: 0, routes: [], key: 'key-0' };
  staged: Config | undefined;
  private next = 1;
  newVersion(): number {
    return this.next++;
  }
}

export default defineScenario({
  name: 'config: key loaded before the config is staged',
  description: 'a reload loads the key, then stages the config; a watcher promotes staged configs; requests sign with the live one',
  setup: () => ({}),
  attach: () => new Service(),
  ops: {
    reload: async (svc, ctx) => {
      const next: Config = { version: svc.newVersion(), routes: Array.from({ length: ROUTES }, (_, i) => `/r${i}`) };
      await ctx.yield('fetching the signing key from the vault');
      next.key = `key-${next.version}`;
      svc.staged = next;
    },
    promote: async (svc, ctx) => {
      const staged = svc.staged;
      if (!staged) return;
      for (const route of staged.routes) {
        await ctx.yield(`validating route ${route}`);
      }
      if (svc.staged === staged) svc.staged = undefined;
      if (staged.version > svc.live.version) svc.live = staged;
    },
    request: async (svc, ctx) => {
      const cfg = svc.live;
      ctx.assert(cfg.key !== undefined, `request signed with config v${cfg.version}, which was made live before its key was loaded`);
      await ctx.yield('sending the signed request');
    },
  },
  tasks: { ops: { reload: 1, promote: 1, request: 3 } },
  workers: false,
});
