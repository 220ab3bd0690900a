// BUG: a hot config reload stages the new config first and loads its signing
// key afterwards. A watcher makes a staged config live once it has validated
// the routes (one check per route), and it never looks at the key. A request
// that reads the live config after the watcher promoted it, and before the
// reload finished loading the key, signs with no key.
// Interleaving (3 events across 3 actors): task#1 stages v1 and awaits the
//   vault -> task#2 validates every route of v1 and makes it live -> task#3
//   reads the live config: v1, no key -> (only now task#1 stores the key).
// Why seeded delays rarely hit it: task#1 must stay held across all of the
//   watcher's route checks and a request; PCT holds it there with one change
//   point and orders the watcher and the request with another.
// FIX (config-live-fixed.ts): load the key before staging the config, so
//   nothing can promote a config that is not complete.
// expect: corruption assertion
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
  name: 'config: made live before its key is loaded',
  description: 'a reload stages a config, then loads its key; a watcher promotes staged configs; requests sign with the live one',
  setup: () => ({}),
  attach: () => new Service(),
  ops: {
    reload: async (svc, ctx) => {
      const next: Config = { version: svc.newVersion(), routes: Array.from({ length: ROUTES }, (_, i) => `/r${i}`) };
      svc.staged = next;
      await ctx.yield('fetching the signing key from the vault');
      next.key = `key-${next.version}`;
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
