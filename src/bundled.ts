// The bundled twin of an entry module (scripts/bundle-entries.mjs, part of `npm run
// build`): `x.bundle.js` beside `x.js`, one module to read and link instead of its
// whole graph. Only when it is no older than what tsc wrote: a bare `tsc` leaves a
// stale bundle behind, and then the plain entry runs. (worker/load.cts, CommonJS,
// makes the same choice for the pool threads' entry.)
import { statSync } from 'node:fs';

export function newestEntry(plain: URL): URL {
  const bundled = new URL(plain.href.replace(/\.js$/, '.bundle.js'));
  try {
    return statSync(bundled).mtimeMs >= statSync(plain).mtimeMs ? bundled : plain;
  } catch {
    return plain;
  }
}
