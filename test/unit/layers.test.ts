// Layers point one way (DESIGN.md "Layout"): no folder of src/ may import, through
// any chain, a folder that imports it back. The cycle finder is tested on graphs
// with a known answer first, so a finder that never finds anything cannot pass.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { cycles, folderGraph, type FolderGraph } from '../../scripts/module-graph.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCRIPT = path.join(ROOT, 'scripts', 'module-graph.mjs');

const graphOf = (edges: Record<string, string[]>): FolderGraph => {
  const nodes = new Set<string>(Object.keys(edges));
  const map = new Map<string, Map<string, number>>();
  for (const [from, tos] of Object.entries(edges)) {
    map.set(from, new Map(tos.map((t) => [t, 1])));
    for (const t of tos) nodes.add(t);
  }
  return { edges: map, nodes };
};

describe('cycles', () => {
  it('finds a three-folder cycle and leaves the rest out', () => {
    expect(cycles(graphOf({ check: ['engine'], engine: ['watch', 'shm'], watch: ['check', 'shm'], cli: ['engine'] }))).toEqual([['check', 'engine', 'watch']]);
  });

  it('finds each of two separate cycles', () => {
    expect(cycles(graphOf({ a: ['b'], b: ['a'], c: ['d'], d: ['c'] })).sort()).toEqual([['a', 'b'], ['c', 'd']]);
  });

  it('finds none in a layered graph, however many paths lead down', () => {
    expect(cycles(graphOf({ cli: ['engine', 'report', 'shm'], engine: ['watch', 'check', 'shm'], watch: ['shm'], check: [], report: [] }))).toEqual([]);
  });
});

describe('folderGraph', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  const tree = (files: Record<string, string>): string => {
    dir = mkdtempSync(path.join(tmpdir(), 'racecheck-layers-'));
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), text);
    }
    return dir;
  };

  it('counts type-only and dynamic imports, so an erased import still closes a cycle', () => {
    const src = tree({
      'check/invariant.ts': "import type { Namer } from '../engine/findings.js';\n",
      'engine/findings.ts': "import { judge } from '../check/invariant.js';\nexport const x = () => import('../result.js');\n",
      'result.ts': 'export {};\n',
    });
    const g = folderGraph(src);
    expect(g.edges.get('check')?.get('engine')).toBe(1);
    expect(g.edges.get('engine')?.get('result.ts')).toBe(1);
    expect(cycles(g)).toEqual([['check', 'engine']]);
  });

  it('ignores imports inside a folder and of packages', () => {
    const src = tree({
      'engine/a.ts': "import { b } from './b.js';\nimport chalk from 'chalk';\n",
      'engine/b.ts': "import { a } from './a.js';\n",
    });
    expect(cycles(folderGraph(src))).toEqual([]);
    expect(folderGraph(src).edges.size).toBe(0);
  });
});

/**
 * DESIGN.md's layers, top down ("cli -> engine -> sched/check/watch -> shm"; stack/ is
 * the stack parser they share): an import from a folder to one of a higher layer
 * points the wrong way even before it closes a cycle.
 */
const LAYERS: readonly (readonly string[])[] = [['cli'], ['engine', 'worker'], ['sched', 'check', 'watch'], ['shm', 'stack']];

function upward(g: FolderGraph, layers = LAYERS): string[] {
  const rank = new Map(layers.flatMap((names, i) => names.map((n) => [n, i] as const)));
  const out: string[] = [];
  for (const [from, tos] of g.edges) {
    for (const to of tos.keys()) {
      const a = rank.get(from);
      const b = rank.get(to);
      if (a !== undefined && b !== undefined && b < a) out.push(`${from} -> ${to}`);
    }
  }
  return out.sort();
}

describe('upward', () => {
  it('names an import of a higher layer, without a cycle, and passes imports downward or sideways', () => {
    expect(upward(graphOf({ watch: ['engine', 'shm'], check: ['watch'], engine: ['watch', 'check'], shm: ['stack'] }))).toEqual(['watch -> engine']);
  });
});

describe("racecheck's own src/", () => {
  it('has no folder-level cycle', () => {
    expect(cycles(folderGraph(path.join(ROOT, 'src')))).toEqual([]);
  });

  it('has no import of a higher layer', () => {
    expect(upward(folderGraph(path.join(ROOT, 'src')))).toEqual([]);
  });

  it('`npm run graph` says so and exits 0 (it exits 1 on a cycle)', () => {
    const r = spawnSync(process.execPath, [SCRIPT], { encoding: 'utf8' });
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('no folder-level cycles');
    expect(r.status).toBe(0);
  });
});
