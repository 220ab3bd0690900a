// --shard k/n: which (file, seed) work items this shard runs. Files are dealt
// round-robin in sorted order, so with at least n files every file runs on
// exactly one shard. With fewer files than shards, each file is repeated with
// derived seeds until every shard has an item: the matrix then covers more
// seeds instead of leaving runners idle.
import { deriveSeed } from '../sched/prng.js';
import type { Shard } from '../options.js';

export type { Shard };

export interface WorkItem {
  file: string;
  seed: number;
}

export function workItems(files: string[], seed: number, shard?: Shard): WorkItem[] {
  if (!shard || shard.count === 1) return files.map((file) => ({ file, seed }));
  if (files.length === 0) return [];
  // Item i of the dealt list is copy floor(i / files) of file i % files; this shard
  // takes i = index-1, index-1+count, ... Only its own items are built, so the cost
  // follows what the shard runs, not n (--shard 1/100000 is instant).
  const total = Math.max(1, Math.ceil(shard.count / files.length)) * files.length;
  const out: WorkItem[] = [];
  for (let i = shard.index - 1; i < total; i += shard.count) {
    const c = Math.floor(i / files.length);
    out.push({ file: files[i % files.length]!, seed: c === 0 ? seed : deriveSeed(seed, 'shard-copy', c) });
  }
  return out;
}
