import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseFrame, parseStack } from '../../../src/stack/frames.js';

describe('parseFrame: the formats V8 prints', () => {
  it.each([
    ['    at f (file:///x/a.js:1:2)', { fn: 'f', file: '/x/a.js', line: 1, column: 2 }],
    ['    at file:///x/a.js:3:4', { file: '/x/a.js', line: 3, column: 4 }],
    ['    at async f (/x/a.js:5:6)', { fn: 'async f', file: '/x/a.js', line: 5, column: 6 }],
    ['    at async file:///x/a.mjs:7:8', { file: '/x/a.mjs', line: 7, column: 8 }],
    ['    at new Bank (/x/bank.ts:9:10)', { fn: 'new Bank', file: '/x/bank.ts', line: 9, column: 10 }],
    ['    at Object.<anonymous> (/x/a.js:1:1)', { fn: 'Object.<anonymous>', file: '/x/a.js', line: 1 }],
    ['    at get size [as size] (/x/a.js:2:3)', { fn: 'get size [as size]', file: '/x/a.js', line: 2 }],
    ['    at listOnTimeout (node:internal/timers:581:17)', { fn: 'listOnTimeout', file: 'node:internal/timers', line: 581, column: 17 }],
    ['    at node:internal/main/run_main_module:28:49', { file: 'node:internal/main/run_main_module', line: 28 }],
    ['    at f (/home/my user/x (copy)/a.js:11:12)', { fn: 'f', file: '/home/my user/x (copy)/a.js', line: 11, column: 12 }],
    ['    at f (C:\\repo\\scenarios\\a.ts:13:14)', { fn: 'f', file: 'C:\\repo\\scenarios\\a.ts', line: 13, column: 14 }],
    ['    at f (/x/a.js:15)', { fn: 'f', file: '/x/a.js', line: 15 }],
  ])('%s', (line, want) => {
    expect(parseFrame(line)).toMatchObject(want);
  });

  it('gives frames without a file none: native code, <anonymous>, Promise.all', () => {
    for (const line of ['at Atomics.wait (<anonymous>)', 'at new Promise (<anonymous>)', 'at async Promise.all (index 6)', 'at Array.forEach (native)', 'at <anonymous>']) {
      const f = parseFrame(line);
      expect(f, line).toBeDefined();
      expect(f!.file, line).toBeUndefined();
    }
  });

  it("places eval'd code at the call of eval, through nested evals", () => {
    expect(parseFrame('    at eval (eval at lockSync (file:///repo/x.ts:9:3), <anonymous>:1:1)')).toMatchObject({ fn: 'eval', file: '/repo/x.ts', line: 9, column: 3 });
    expect(parseFrame('    at eval (eval at g (eval at f (/repo/y.js:4:5), <anonymous>:2:2), <anonymous>:1:1)')).toMatchObject({ file: '/repo/y.js', line: 4, column: 5 });
    expect(parseFrame('    at eval (eval at <anonymous> (/repo/z.js:6:7), <anonymous>:1:1)')).toMatchObject({ file: '/repo/z.js', line: 6 });
  });

  it('is not a frame unless it starts with "at "', () => {
    expect(parseFrame('Error: boom')).toBeUndefined();
    expect(parseFrame('    ... 3 more')).toBeUndefined();
    expect(parseFrame('')).toBeUndefined();
  });

  it('marks where the file stands as printed, URL or path', () => {
    const url = '    at f (file:///x/a.js:1:2)';
    const f = parseFrame(url)!;
    expect(f.text.slice(f.printed!.start, f.printed!.end)).toBe('file:///x/a.js');
    const bare = parseFrame('at async /x/b.js:1:2')!;
    expect(bare.text.slice(bare.printed!.start, bare.printed!.end)).toBe('/x/b.js');
  });
});

describe('parseStack on stacks this Node prints', () => {
  const here = fileURLToPath(import.meta.url);

  it('a function, a constructor, an async function and eval each point at this file', async () => {
    class Account {
      readonly stack: string;
      constructor() {
        this.stack = new Error('in constructor').stack!;
      }
    }
    const plain = (function named() {
      return new Error('plain').stack!;
    })();
    const inAsync = await (async function later() {
      await null;
      return new Error('after await').stack!;
    })();
    // eslint-disable-next-line no-eval
    const evaled = eval('new Error("evaled").stack') as string;
    for (const [stack, fn] of [[new Account().stack, 'new Account'], [plain, 'named'], [inAsync, 'later'], [evaled, 'eval']] as const) {
      const { head, frames } = parseStack(stack);
      expect(head[0]).toMatch(/^Error: /);
      expect(frames[0]!.fn, stack).toContain(fn);
      expect(frames[0]!.file, stack).toBe(here);
      expect(frames[0]!.line, stack).toBeGreaterThan(0);
    }
  });

  it('keeps the message lines before the first frame as the head', () => {
    const { head, frames } = parseStack(`Error: two\nlines\n    at f (${pathToFileURL('/x/a.js').href}:1:2)\n    at node:internal/x:1:1`);
    expect(head).toEqual(['Error: two', 'lines']);
    expect(frames.map((f) => f.file)).toEqual(['/x/a.js', 'node:internal/x']);
  });
});
