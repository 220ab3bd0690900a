// CONTROL: write-file-atomic (current) from worker threads: concurrent atomic writes of
// one file never tear it and never fail; a reader always sees one writer's whole file.
// Its buggy counterpart (write-file-atomic-buggy.ts) runs 2.3.0, whose temp file names
// collide across worker threads.
import { readFile } from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic';
import { defineScenario } from 'racecheck';
import { atomicWrites } from './fixtures/atomic-writes.js';

export default defineScenario(atomicWrites('control: write-file-atomic (current) from worker threads', (file, data) => writeFileAtomic(file, data), readFile));
