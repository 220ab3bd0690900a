// BUG (published, fixed in write-file-atomic 2.4.0): the temp file name was a hash of
// the pid and a per-module call counter, the same in every worker thread of a process.
// Two threads' n-th writes of one file share a temp file: one renames it into place
// while the other still writes it, and the other's rename fails with ENOENT (or the
// file holds a mix of both). 2.4.0 added the thread id to the hash.
// Installed as the npm alias "write-file-atomic-old" (write-file-atomic@2.3.0).
// expect: error exception
import { readFile } from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic-old';
import { defineScenario } from 'racecheck';
import { atomicWrites } from './fixtures/atomic-writes.js';

const write = (file: string, data: string) =>
  new Promise<void>((resolve, reject) => writeFileAtomic(file, data, (e?: Error | null) => (e ? reject(e) : resolve())));

export default defineScenario(atomicWrites('buggy: write-file-atomic 2.3.0 from worker threads', write, readFile));
