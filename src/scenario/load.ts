// Bundle a scenario file once with esbuild so TypeScript needs no build step.
// Relative imports are inlined; package imports stay external but are resolved
// here, from the scenario's own directory, to absolute paths: the bundle is
// written to a temp dir, and Node must find exactly the packages it would find
// for the scenario file itself (a monorepo package finds its own node_modules).
import type { Plugin } from 'esbuild';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ScenarioError } from './errors.js';

// esbuild's API is CommonJS: require() loads it in ~20 ms here, an ESM import in ~42 ms
// (Node parses a CommonJS file imported from ESM once more, for its export names).
const { build, transform } = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');

const LOADERS: Record<string, 'ts' | 'tsx' | 'js' | 'jsx'> = {
  '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'tsx', '.js': 'js', '.mjs': 'js', '.cjs': 'js', '.jsx': 'jsx',
};

/**
 * `import.meta.resolve(s)` of the user's file: a relative or absolute specifier is a URL
 * beside the file; anything else is looked up from the file's folder with require's
 * resolution (the bundle's own folder has no node_modules), a builtin named `node:`.
 * One line: it goes on the file's first line.
 */
const META_RESOLVE = "((s) => { if (/^(\\.{1,2}\\/|\\/|file:)/.test(s)) return new URL(s, __rcMetaUrl).href;"
  + " const r = __rcCreateRequire(__rcMetaFilename).resolve(s);"
  + " return /^[\\/\\\\]|^[a-zA-Z]:/.test(r) ? __rcPathToFileURL(r).href : r.startsWith('node:') ? r : 'node:' + r; })";

/**
 * The bundle runs from a temp folder, so `import.meta.url` in a bundled file would name
 * the bundle: `new URL('./task.mjs', import.meta.url)` (a piscina pool's or a Worker's
 * file beside the scenario) and createRequire(import.meta.url) would look in the temp
 * folder. Each of the user's files that mentions `import.meta` gets its own URL, path
 * and folder instead: esbuild's define turns the tokens (not text in strings) into
 * names the file declares. The transform's inline source map keeps stacks on the
 * file's own lines.
 */
const ownImportMeta: Plugin = {
  name: 'racecheck-own-import-meta',
  setup(b) {
    b.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const loader = LOADERS[path.extname(args.path)];
      if (!loader) return undefined;
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta')) return undefined;
      const { code } = await transform(text, {
        loader, format: 'esm', sourcemap: 'inline', sourcefile: args.path, target: 'esnext',
        define: {
          'import.meta.url': '__rcMetaUrl', 'import.meta.filename': '__rcMetaFilename', 'import.meta.dirname': '__rcMetaDirname',
          'import.meta.resolve': '__rcMetaResolve',
        },
      });
      const head = `var __rcMetaUrl = ${JSON.stringify(pathToFileURL(args.path).href)}, __rcMetaFilename = ${JSON.stringify(args.path)}, __rcMetaDirname = ${JSON.stringify(path.dirname(args.path))}, __rcMetaResolve = ${META_RESOLVE};`;
      // On the first line: the source map's lines stay the file's.
      return { contents: `${head}${code}`, loader: 'js', resolveDir: path.dirname(args.path) };
    });
  },
};

const resolveFromScenario: Plugin = {
  name: 'racecheck-resolve-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData?.racecheckInner || path.isAbsolute(args.path)) return undefined;
      const r = await b.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: { racecheckInner: true },
      });
      if (r.errors.length > 0) return { errors: r.errors };
      // Builtins come back external with their bare name; keep it.
      if (r.external) return { path: r.path, external: true };
      return { path: pathToFileURL(r.path).href, external: true };
    });
  },
};

export interface Bundle {
  /** Absolute path of the bundled ESM file. */
  path: string;
  dispose(): void;
}

/**
 * `into`: a folder the caller owns and removes (the supervisor makes the run
 * process's, so it is removed even when the run process is killed). Without it,
 * a temp folder that dispose() removes. `file` and the error messages' paths are
 * relative to `cwd`.
 */
export async function bundleScenario(file: string, into?: string, cwd = process.cwd()): Promise<Bundle> {
  const abs = path.resolve(cwd, file);
  if (!existsSync(abs)) throw new ScenarioError(file, 'file not found');
  if (!statSync(abs).isFile()) throw new ScenarioError(file, 'is not a file');
  const dir = into ?? mkdtempSync(path.join(tmpdir(), 'racecheck-'));
  const out = path.join(dir, 'scenario.mjs');
  const dispose = () => rmSync(into ? out : dir, { recursive: true, force: true });
  try {
    await build({
      entryPoints: [abs],
      absWorkingDir: path.resolve(cwd),
      outfile: out,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      sourcemap: 'inline',
      sourcesContent: false,
      logLevel: 'silent',
      plugins: [resolveFromScenario, ownImportMeta],
      // CommonJS dependencies inlined into an ESM bundle may call require().
      banner: { js: "import { createRequire as __rcCreateRequire } from 'node:module'; import { pathToFileURL as __rcPathToFileURL } from 'node:url'; const require = __rcCreateRequire(import.meta.url);" },
    });
  } catch (e) {
    dispose();
    const errors = (e as { errors?: { text: string; location?: { file: string; line: number; column: number } | null }[] }).errors;
    const first = errors?.[0];
    if (first) {
      const loc = first.location;
      const where = loc ? `${path.relative(cwd, path.resolve(cwd, loc.file)) || loc.file}:${loc.line}:${loc.column + 1}: ` : `${file}: `;
      throw new ScenarioError(file, `cannot bundle: ${where}${first.text}`);
    }
    throw new ScenarioError(file, `cannot bundle: ${(e as Error).message}`);
  }
  return { path: out, dispose };
}
