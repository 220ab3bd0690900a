// Default ledger checksum: a fast hash over the SharedArrayBuffer-backed typed
// arrays reachable from the shared state, in property order (structured clone
// keeps that order, so every thread hashes the same words the same way).
// racecheck's own primitives (objects marked `__racecheck`, e.g. SharedMutex)
// are left out: their words change legitimately between transitions.

type View = ArrayBufferView & { buffer: ArrayBufferLike };

export function collectSharedViews(root: unknown): View[] {
  const out: View[] = [];
  const seen = new Set<unknown>();
  const visit = (v: unknown, depth: number): void => {
    if (v === null || typeof v !== 'object' || seen.has(v) || depth > 32) return;
    seen.add(v);
    if (ArrayBuffer.isView(v)) {
      if (v.buffer instanceof SharedArrayBuffer) out.push(v as View);
      return;
    }
    if (v instanceof SharedArrayBuffer) {
      out.push(new Uint8Array(v) as View);
      return;
    }
    if ((v as { __racecheck?: unknown }).__racecheck !== undefined) return;
    if (v instanceof Map) {
      for (const x of v.values()) visit(x, depth + 1);
      return;
    }
    if (v instanceof Set) {
      for (const x of v) visit(x, depth + 1);
      return;
    }
    if (Array.isArray(v)) {
      for (const x of v) visit(x, depth + 1);
      return;
    }
    for (const k of Object.keys(v)) visit((v as Record<string, unknown>)[k], depth + 1);
  };
  visit(root, 0);
  return out;
}

type Segment = Int32Array | Uint8Array;

/** Word views where aligned (4x fewer steps), byte views otherwise. */
export function segmentsOf(views: readonly View[]): Segment[] {
  return views.map((v) =>
    v.byteOffset % 4 === 0 && v.byteLength % 4 === 0
      ? new Int32Array(v.buffer, v.byteOffset, v.byteLength / 4)
      : new Uint8Array(v.buffer, v.byteOffset, v.byteLength),
  );
}

/** FNV-1a-style mixing over the segments' elements and lengths. */
export function hashSegments(segments: readonly Segment[]): number {
  let h = 0x811c9dc5 | 0;
  for (const s of segments) {
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s[i]!, 0x01000193);
    h = Math.imul(h ^ s.byteLength, 0x01000193);
  }
  return h >>> 0;
}

/** A checksum function for one attached view: the scenario's own, or the default. */
export function makeChecksum<V>(shared: unknown, view: V, custom?: (view: V) => number): () => number {
  if (custom) return () => custom(view) >>> 0;
  // Walked on first use: most rounds of scenarios without ctx.transition never ask.
  let segments: Segment[] | undefined;
  return () => hashSegments((segments ??= segmentsOf(collectSharedViews(shared))));
}
