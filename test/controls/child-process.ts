// CONTROL: ops that await child processes, from loop tasks and worker threads: slow
// I/O that always answers.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { defineScenario } from 'racecheck';

const run = promisify(execFile);

export default defineScenario({
  name: 'control: child processes',
  setup: () => ({}),
  workers: { count: 2 },
  tasks: { count: 2 },
  ops: {
    echo: async (_s, ctx) => {
      const n = String(ctx.int(0, 1e6));
      const { stdout } = await run('sh', ['-c', `sleep 0.0${ctx.int(1, 9)}; echo ${n}`]);
      ctx.assert(stdout.trim() === n, `echo ${n} printed ${stdout.trim()}`);
    },
  },
});
