// An install that is not a clone: pack the package as `npm publish` would (in a
// copy of the sources, so `prepare` builds there and never rewrites the dist/ the
// other e2e tests run), install the tarball into a fresh project with its
// dependencies from the registry, and use it as a user does: `npx racecheck run` on
// a .ts scenario, and `tsc --strict` on that scenario with the package's own types.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const exec = promisify(execFile);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const MINUTES = 60_000;

let work: string;
let project: string;
let packed: string[];

const SCENARIO = `import { defineScenario, SharedMutex, type Ctx } from 'racecheck';

interface Shared { counter: Int32Array; lock: SharedMutex }

// A helper outside the ops, typed with the exported Ctx.
async function bump(s: Shared, ctx: Ctx): Promise<void> {
  await s.lock.lock(ctx);
  try {
    await ctx.transition('bump', async () => {
      const v = s.counter[0]!;
      await ctx.yield('between read and write');
      s.counter[0] = v + 1;
    });
  } finally {
    s.lock.unlock();
  }
}

export default defineScenario({
  name: 'installed: locked counter',
  description: 'a counter behind a SharedMutex, from an installed tarball',
  setup: (): Shared => ({ counter: new Int32Array(new SharedArrayBuffer(4)), lock: new SharedMutex('counter') }),
  ops: { bump },
  verify: (s, round) => s.counter[0] === round.count('bump') || \`counter is \${s.counter[0]}, expected \${round.count('bump')}\`,
});
`;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'racecheck-pack-'));
  // The package sources as a clean checkout has them, with this checkout's node_modules
  // (prepare runs tsc from it).
  const src = path.join(work, 'src');
  mkdirSync(src);
  for (const f of ['package.json', 'package-lock.json', 'tsconfig.json', 'README.md', 'bin', 'src', 'scenarios', 'scripts']) {
    cpSync(path.join(ROOT, f), path.join(src, f), { recursive: true });
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(src, 'node_modules'), 'dir');
  const { stdout } = await exec(npm, ['pack', '--json', '--pack-destination', work], { cwd: src });
  const info = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  packed = info[0]!.files.map((f) => f.path);
  const tarball = path.join(work, path.basename(info[0]!.filename));

  project = path.join(work, 'project');
  mkdirSync(project);
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'user-project', private: true, type: 'module' }));
  // A Node program's types come with @types/node (racecheck's own mention AbortSignal, worker_threads).
  await exec(npm, ['install', tarball, '@types/node@^20.19', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: project });
  writeFileSync(path.join(project, 'counter.ts'), SCENARIO);
  const tsconfig = (file: string) => JSON.stringify({
    // No skipLibCheck: racecheck's own .d.ts files are checked too.
    compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2023'], types: ['node'], noEmit: true },
    include: [file],
  });
  writeFileSync(path.join(project, 'tsconfig.json'), tsconfig('counter.ts'));
  writeFileSync(path.join(project, 'tsconfig.wrong.json'), tsconfig('wrong.ts'));
}, 5 * MINUTES);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed package, installed into a fresh project', () => {
  it('ships the built code, the bin shim and the scenarios, not the sources or tests', () => {
    expect(packed).toEqual(expect.arrayContaining(['package.json', 'README.md', 'bin/racecheck.js', 'dist/cli.js', 'dist/index.js', 'dist/index.d.ts', 'dist/engine/run-process.bundle.js']));
    expect(packed.filter((f) => f.startsWith('scenarios/')).length).toBeGreaterThan(0);
    expect(packed.filter((f) => /^(src|test|bench)\//.test(f))).toEqual([]);
  });

  it('npx racecheck runs a .ts scenario there and does real work', async () => {
    expect(readdirSync(path.join(project, 'node_modules', '.bin'))).toContain('racecheck');
    const { stdout } = await exec('npx', ['racecheck', 'run', 'counter.ts', '--workers', '2', '--tasks', '2', '--duration', '1s', '--json'], {
      cwd: project, env: { ...process.env, FORCE_COLOR: '0' },
    });
    const report = JSON.parse(stdout) as { status: string; files: { scenarios: { name: string; ops: number; findings: unknown[] }[] }[] };
    expect(report.status).toBe('pass');
    const s = report.files[0]!.scenarios[0]!;
    expect(s).toMatchObject({ name: 'installed: locked counter', findings: [] });
    expect(s.ops).toBeGreaterThan(0);
  }, 2 * MINUTES);

  it("the report's JSON Schema is racecheck/schema there", async () => {
    const { stdout } = await exec(process.execPath, ['--input-type=module', '-e',
      "const { reportJsonSchema: s } = await import('racecheck/schema'); console.log(JSON.stringify([s.$schema, Object.keys(s.$defs).includes('finding')]))"], { cwd: project });
    expect(JSON.parse(stdout)).toEqual(['https://json-schema.org/draft/2020-12/schema', true]);
  }, 2 * MINUTES);

  it("the user's scenario type-checks under tsc --strict with the package's types", async () => {
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = await exec(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: project }).catch((e: { stdout: string; stderr: string }) => e);
    expect(`${r.stdout}${r.stderr}`).toBe('');
  }, 2 * MINUTES);

  it('and rejects a scenario that misuses the types (the check is real)', async () => {
    writeFileSync(path.join(project, 'wrong.ts'), `import { defineScenario } from 'racecheck';
export default defineScenario({ name: 'x', setup: () => ({ n: 1 }), ops: { a: (s, ctx) => ctx.transition(42, () => s.n) } });
`);
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = await exec(process.execPath, [tsc, '-p', 'tsconfig.wrong.json'], { cwd: project })
      .then(() => ({ stdout: '' }), (e: { stdout: string }) => e);
    expect(r.stdout).toMatch(/wrong\.ts\(2,\d+\): error TS2345: Argument of type 'number' is not assignable to parameter of type 'string'/);
  }, 2 * MINUTES);
});
