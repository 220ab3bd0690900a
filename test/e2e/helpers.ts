// Spawn the real CLI (bin/racecheck.js) the way a user would.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/racecheck.js', import.meta.url));

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const env = { ...process.env, ...opts.env };
    if (!opts.env?.FORCE_COLOR) delete env.FORCE_COLOR; // vitest sets it; the CLI must decide colour itself
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: performance.now() - started });
    });
  });
}

/** The first finding of the first scenario of a JSON report, typed as the test declares it. */
export function firstFinding<T>(stdout: string): T {
  const report = JSON.parse(stdout) as { files: { scenarios: { findings: T[] }[] }[] };
  const f = report.files[0]?.scenarios[0]?.findings[0];
  if (!f) throw new Error(`no finding in ${stdout.slice(0, 400)}`);
  return f;
}

/** A printed replay command as CLI arguments (without `npx racecheck`), with --json. */
export const replayArgs = (replay: string): string[] => [...replay.split(' ').slice(2), '--json'];
