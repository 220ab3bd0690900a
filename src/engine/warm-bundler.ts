// esbuild's first call starts its service (a Go process: ~50 ms here before the
// first build can begin). A spare run process makes that call while it waits for
// its job, so bundling the scenario starts on a running service.
import { createRequire } from 'node:module';

// require(), not import: see scenario/load.ts.
const { transform } = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');

export async function warmBundler(): Promise<void> {
  await transform('', { loader: 'ts' });
}
