// esbuild's first call starts its service (a Go process: ~50 ms here before the
// first build can begin). The CLI makes that call as it starts (src/cli.ts), so bundling
// the scenario (engine/bundles.ts) starts on a running service.
import { createRequire } from 'node:module';

// require(), not import: see scenario/load.ts.
const { transform } = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');

export async function warmBundler(): Promise<void> {
  await transform('', { loader: 'ts' });
}
