// FIXED (see blob-gc-buggy.ts): an upload records its blob as pending in the
// same synchronous step that writes it, and moves it from pending to the index
// in one step. The collector spares pending blobs, and looks at the pending set
// in the same step as its sweep, after its last read of the index: every
// listed blob is then either marked, pending, or unreferenced for good.
import { defineScenario } from 'racecheck';

const ENTRIES = 40;

class BlobStore {
  blobs = new Map<string, string>();
  index: string[] = [];
  /** Blobs written whose upload has not finished: not garbage. */
  pending = new Set<string>();
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
  name: 'blob store: collector spares pending uploads',
  description: 'loop tasks upload and download blobs; a mark-and-sweep collector deletes blobs the index does not reference',
  setup: () => ({}),
  attach: () => new BlobStore(),
  ops: {
    upload: async (store, ctx) => {
      const id = store.write(`upload by ${ctx.actor.name}`);
      store.pending.add(id);
      await ctx.yield('uploading the remaining parts');
      store.index.push(id);
      store.pending.delete(id);
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
      for (const id of listed) if (!marked.has(id) && !store.pending.has(id)) store.blobs.delete(id);
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
