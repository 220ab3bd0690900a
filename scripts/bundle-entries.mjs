// Post-build step (tsc stays the compiler of record): the run process's entry and its
// whole import graph, as tsc wrote them to dist/, bundled into one file beside it
// (dist/engine/run-process.bundle.js); the same for the pool threads' entry
// (dist/worker/entry.bundle.js). A run process then reads and links one module
// instead of ~90, which is most of its start-up after Node's own boot.
// - Modules a scenario reaches through `import 'racecheck'` (dist/index.js's graph) stay
//   external: the scenario and the engine must share one instance of each (SharedMutex's
//   hooks and id counter live in module state).
// - The CLI's program (dist/cli/program.js) is bundled too, loaded by dist/cli.js after it
//   forks the run process; what dist/cli.js itself loads stays external to it (the spare
//   run process and the exit hooks live in module state that both must share).
// - Packages stay external (esbuild finds its binary from its own folder; piscina
//   starts threads from its own files), except small pure-JS ones each bundle names
//   (`inline`): their ESM-to-CommonJS load through node_modules cost 5 to 15 ms each
//   in a fresh process. A module-scope `require` (the banner) serves their require()s
//   of Node builtins.
// - `import.meta.url` in each bundled module reads as that module's own URL, so
//   `new URL('./x.js', import.meta.url)` (thread and worker entries) and createRequire()
//   resolve as before.
import { build, transform } from 'esbuild';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');

/** Every dist module reachable from `entry` through static relative imports (and dynamic ones with `dynamic`). */
function graphOf(entry, dynamic) {
  const seen = new Set();
  const walk = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    const re = dynamic ? /(?:\bfrom\s*|\bimport\s*\(?\s*)'(\.{1,2}\/[^']+\.js)'/g : /(?:\bfrom\s*|\bimport\s*)'(\.{1,2}\/[^']+\.js)'/g;
    for (const m of text.matchAll(re)) walk(path.resolve(path.dirname(file), m[1]));
  };
  walk(entry);
  return seen;
}

// What `import 'racecheck'` loads (run() imports the supervisor only when called).
const shared = graphOf(path.join(DIST, 'index.js'), false);

const packageOf = (spec) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');

async function bundle(entry, outfile, { inline = [], external = shared } = {}) {
  const outDir = path.dirname(outfile);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    banner: inline.length > 0 ? { js: "import { createRequire as __rcCreateRequire } from 'node:module';\nconst require = __rcCreateRequire(import.meta.url);" } : {},
    plugins: [{
      name: 'racecheck-entries',
      setup(b) {
        b.onResolve({ filter: /^[^./#]/ }, (args) => {
          // (A `#name` is a package's own subpath import: esbuild resolves it inside that package.)
          if (args.path.startsWith('node:') || !inline.includes(packageOf(args.path))) return { path: args.path, external: true };
          return undefined;
        });
        b.onResolve({ filter: /^\.{1,2}\// }, (args) => {
          const abs = path.resolve(args.resolveDir, args.path);
          if (!abs.startsWith(DIST + path.sep) || !external.has(abs)) return undefined;
          let rel = path.relative(outDir, abs).split(path.sep).join('/');
          if (!rel.startsWith('.')) rel = `./${rel}`;
          return { path: rel, external: true };
        });
        b.onLoad({ filter: /\.js$/ }, async (args) => {
          if (!args.path.startsWith(DIST + path.sep)) return undefined; // a package's own file
          const text = readFileSync(args.path, 'utf8');
          if (!text.includes('import.meta.url')) return undefined;
          let rel = path.relative(outDir, args.path).split(path.sep).join('/');
          if (!rel.startsWith('.')) rel = `./${rel}`;
          // The token only (not the text in a string): esbuild's define, then this module's own URL.
          const { code } = await transform(text, { loader: 'js', format: 'esm', define: { 'import.meta.url': '__rcModuleUrl' } });
          return { contents: `const __rcModuleUrl = new URL(${JSON.stringify(rel)}, import.meta.url).href;\n${code}`, loader: 'js' };
        });
      },
    }],
  });
}

await bundle(path.join(DIST, 'engine/run-process.js'), path.join(DIST, 'engine/run-process.bundle.js'), { inline: ['seedrandom', '@lukeed/ms'] });
// The pool threads' entry (worker/load.cjs imports it): each of up to 4 x cores threads
// links one module instead of ~20 of its own at start-up.
await bundle(path.join(DIST, 'worker/entry.js'), path.join(DIST, 'worker/entry.bundle.js'));
// The CLI's program: commander, the flags, the supervisor, the reporters.
await bundle(path.join(DIST, 'cli/program.js'), path.join(DIST, 'cli/program.bundle.js'), {
  inline: ['commander', 'chalk', 'cli-table3', '@lukeed/ms', 'picomatch', 'seedrandom'],
  external: new Set([...shared, ...graphOf(path.join(DIST, 'cli.js'), true)]),
});
