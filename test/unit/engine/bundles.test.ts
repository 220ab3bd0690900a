// The supervisor bundles scenario files (engine/bundles.ts): the bundle made ahead is the
// one taken for that file, a bundle made for a file that does not come is removed, and a
// file that cannot be bundled is one line naming it.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dropAhead, prepareAhead, takePrepared } from '../../../src/engine/bundles.js';

const dir = mkdtempSync(path.join(tmpdir(), 'racecheck-bundles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(path.join(dir, 'a.ts'), 'export const a: number = 1;\n');
writeFileSync(path.join(dir, 'b.ts'), 'export const b: number = 2;\n');
writeFileSync(path.join(dir, 'broken.ts'), 'export const = ;\n');

describe('bundles made by the supervisor', () => {
  it('takes the bundle made ahead for the same file, and bundles afresh for another', async () => {
    prepareAhead('a.ts', dir);
    const a = takePrepared('a.ts', dir);
    const out = await a.bundled;
    expect('path' in out && existsSync(out.path)).toBe(true);
    prepareAhead('a.ts', dir);
    const b = takePrepared('b.ts', dir);
    expect(b.file).toBe('b.ts');
    const bOut = await b.bundled;
    expect('path' in bOut && existsSync(bOut.path)).toBe(true);
    a.folder.remove();
    b.folder.remove();
  });

  it('removes a bundle made ahead for a file that does not run', async () => {
    const ahead = prepareAhead('a.ts', dir);
    expect(prepareAhead('a.ts', dir)).toBe(ahead); // asked again: the same one
    dropAhead();
    const out = await ahead.bundled;
    expect('path' in out).toBe(true);
    await new Promise((r) => setImmediate(r));
    expect(existsSync(ahead.folder.dir)).toBe(false);
  });

  it('a file that cannot be bundled is an error naming the file, line and column', async () => {
    const p = takePrepared('broken.ts', dir);
    const out = await p.bundled;
    expect(out).toMatchObject({ error: expect.stringMatching(/^broken\.ts: cannot bundle: broken\.ts:1:14: /) });
    p.folder.remove();
  });

  it('a missing file is "file not found"', async () => {
    const p = takePrepared('missing.ts', dir);
    expect(await p.bundled).toMatchObject({ error: expect.stringContaining('missing.ts') });
    expect(JSON.stringify(await p.bundled)).toContain('file not found');
    p.folder.remove();
  });
});
