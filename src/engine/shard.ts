// --shard k/n: which (file, seed) work items this shard runs. Files are dealt
// round-robin in sorted order, so with at least n files every file runs on
// exactly one shard. With fewer files than shards, each file is repeated with
// derived seeds until every shard has an item: the matrix then covers more
// seeds instead of leaving runners idle.
import { deriveSeed } from '../sched/prng.js';
import { UsageError } from '../scenario/errors.js';

export interface Shard {
  index: number; // 1-based
  count: number;
}

export interface WorkItem {
  file: string;
  seed: number;
}

export function parseShard(value: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(m?.[1]), count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard must be k/n with 1 <= k <= n (e.g. 2/4), got "${value}"`);
  }
  return { index, count };
}

export function workItems(files: string[], seed: number, shard?: Shard): WorkItem[] {
  if (!shard || shard.count === 1) return files.map((file) => ({ file, seed }));
  const copies = files.length === 0 ? 0 : Math.max(1, Math.ceil(shard.count / files.length));
  const all: WorkItem[] = [];
  for (let c = 0; c < copies; c++) {
    for (const file of files) all.push({ file, seed: c === 0 ? seed : deriveSeed(seed, 'shard-copy', c) });
  }
  return all.filter((_, i) => i % shard.count === shard.index - 1);
}
