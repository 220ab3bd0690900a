// BUG: a blob store uploads in two steps: it writes the blob, then, once the
// remaining parts are in, adds the blob's id to the index. The garbage
// collector lists every blob, marks what the index references (reading the
// index one entry per await, so it sees entries added meanwhile), and deletes
// every listed blob it did not mark. An upload whose blob is listed, and whose
// index entry arrives only after the collector read the whole index, loses its
// blob: the index points at a blob that is gone.
// Interleaving: task#1 writes blob b41, awaits the remaining parts -> task#2
//   lists the blobs (b41 among them), reads all ENTRIES index entries, deletes
//   b41 -> task#1 adds b41 to the index: a dangling reference.
// Why seeded delays miss it: task#1 must stay held across the collector's whole
//   mark phase (ENTRIES awaits in a row); a random delay almost never lasts that
//   long. PCT drops task#1 at its one await and runs the collector through
//   (depth 2).
// Found as a dangling index entry by the invariant, or by a download that
//   reads it first (assertion).
// FIX (blob-gc-fixed.ts): an upload records its blob as pending in the same
//   step that writes it, and the collector spares pending blobs, checked in the
//   same synchronous step as the sweep.
// expect: corruption
import { defineScenario } from 'racecheck';

const ENTRIES = 40;

class BlobStore {
  blobs = new Map<string, string>();
  index: string[] = [];
  collecting = false;
  private next = 1;
  constructor() {
    for (let i = 0; i < ENTRIES; i++) this.index.push(this.write(`archived record ${i}`));
  }
  write(content: string): string {
    const id = `b${this.next++}`;
    this.blobs.set(id, content);
    return id;
  }
}

export default defineScenario({
  name: 'blob store: collector deletes a blob uploaded but not yet indexed',
  description: 'loop tasks upload and download blobs; a mark-and-sweep collector deletes blobs the index does not reference',
  setup: () => ({}),
  attach: () => new BlobStore(),
  ops: {
    upload: async (store, ctx) => {
      const id = store.write(`upload by ${ctx.actor.name}`);
      await ctx.yield('uploading the remaining parts');
      store.index.push(id);
    },
    download: (store, ctx) => {
      const id = ctx.pick(store.index);
      ctx.assert(store.blobs.has(id), `index entry ${id} points at a blob the collector deleted`);
    },
    collect: async (store, ctx) => {
      if (store.collecting) return; // one collector at a time
      store.collecting = true;
      const listed = [...store.blobs.keys()];
      const marked = new Set<string>();
      for (let i = 0; i < store.index.length; i++) {
        await ctx.yield(`reading index entry ${i}`);
        marked.add(store.index[i]!);
      }
      for (const id of listed) if (!marked.has(id)) store.blobs.delete(id);
      store.collecting = false;
    },
  },
  tasks: { ops: { upload: 3, download: 2, collect: 1 } },
  workers: false,
  invariant: (store) => {
    const gone = store.index.filter((id) => !store.blobs.has(id));
    return gone.length === 0 || `the index references ${gone.length} deleted blob(s): ${gone.slice(0, 3).join(', ')}`;
  },
});
