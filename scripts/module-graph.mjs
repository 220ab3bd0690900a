#!/usr/bin/env node
// The folder-level module graph of src/: which part imports which (type-only
// imports count too: they are a dependency of the design even when erased).
// A node is a folder under src/ (engine, watch, ...) or a file at src/'s root
// (result.ts, config.ts, ...). Prints "from -> to (n imports)" per edge, then every
// cycle (strongly connected component of more than one node). Exit code 1 when there
// is a cycle, so CI and `npm test` (test/unit/layers.test.ts) can fail on one.
//
//   node scripts/module-graph.mjs          # edges and cycles
//   node scripts/module-graph.mjs --json   # { edges, cycles } for tools
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;

function* walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) yield p;
  }
}

/** The graph node a file of src/ belongs to. */
const nodeOf = (src, file) => {
  const rel = path.relative(src, file).split(path.sep);
  return rel.length === 1 ? rel[0] : rel[0];
};

/** @returns {{ edges: Map<string, Map<string, number>>, nodes: Set<string> }} */
export function folderGraph(src) {
  const edges = new Map();
  const nodes = new Set();
  for (const file of walk(src)) {
    const from = nodeOf(src, file);
    nodes.add(from);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2];
      if (!spec.startsWith('.')) continue;
      const target = path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts'));
      if (!target.startsWith(src + path.sep)) continue;
      const to = nodeOf(src, target);
      if (to === from) continue;
      const out = edges.get(from) ?? new Map();
      out.set(to, (out.get(to) ?? 0) + 1);
      edges.set(from, out);
    }
  }
  return { edges, nodes };
}

/** Strongly connected components with more than one node (Tarjan). */
export function cycles({ edges, nodes }) {
  let index = 0;
  const idx = new Map(), low = new Map(), stack = [], on = new Set(), out = [];
  const visit = (v) => {
    idx.set(v, index); low.set(v, index); index++;
    stack.push(v); on.add(v);
    for (const w of (edges.get(v) ?? new Map()).keys()) {
      if (!idx.has(w)) { visit(w); low.set(v, Math.min(low.get(v), low.get(w))); }
      else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const scc = [];
      let w;
      do { w = stack.pop(); on.delete(w); scc.push(w); } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of [...nodes].sort()) if (!idx.has(v)) visit(v);
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const src = path.resolve(fileURLToPath(new URL('../src', import.meta.url)));
  const graph = folderGraph(src);
  const found = cycles(graph);
  if (process.argv.includes('--json')) {
    const edges = [...graph.edges].flatMap(([f, m]) => [...m].map(([t, n]) => ({ from: f, to: t, imports: n })));
    console.log(JSON.stringify({ edges, cycles: found }, null, 2));
  } else {
    for (const [from, m] of [...graph.edges].sort(([a], [b]) => a.localeCompare(b)))
      for (const [to, n] of [...m].sort(([a], [b]) => a.localeCompare(b))) console.log(`${from} -> ${to} (${n})`);
    console.log(found.length === 0 ? 'no folder-level cycles' : found.map((c) => `cycle: ${c.join(' <-> ')}`).join('\n'));
  }
  process.exitCode = found.length === 0 ? 0 : 1;
}
