// CONTROL: fs requests on both sides: each actor writes its own file and reads it back,
// and everyone reads one shared file. Slow, concurrent, correct.
import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineScenario } from 'racecheck';

export default defineScenario({
  name: 'control: fs reads and writes',
  setup: () => {
    const dir = path.join(tmpdir(), `racecheck-controls-${process.pid}`, 'fs');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'shared.txt'), 'shared contents');
    return { dir };
  },
  ops: {
    own: async (s, ctx) => {
      const file = path.join(s.dir, `${ctx.actor.name.replace('#', '-')}.txt`);
      const body = `${ctx.actor.name} ${ctx.int(0, 1e9)}`;
      await writeFile(file, body);
      ctx.assert((await readFile(file, 'utf8')) === body, `${file} does not hold what this actor wrote`);
    },
    shared: async (s, ctx) => {
      ctx.assert((await readFile(path.join(s.dir, 'shared.txt'), 'utf8')) === 'shared contents', 'shared file changed');
    },
  },
});
