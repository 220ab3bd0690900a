// Find the SharedMutexes in a scenario's shared state and main-thread view, so the
// watchdog can read their owner and waiter words. Shared state is plain cloneable
// data; the view may be a class instance, of which only own data properties are read
// (never getters: reading must not run scenario code).
import { MUTEX_LAYOUT, SharedMutex } from '../primitives/shared-mutex.js';
import type { MutexInfo } from './protocol.js';

const MAX_NODES = 10_000;
const MAX_DEPTH = 8;

export function findMutexes(...roots: unknown[]): MutexInfo[] {
  // By the id word, not by object: a clone of a mutex is another object over the same words.
  const found = new Map<number, MutexInfo>();
  const seen = new WeakSet<object>();
  const todo: [unknown, number][] = roots.map((r) => [r, 0]);
  let visited = 0;
  while (todo.length > 0 && visited < MAX_NODES) {
    const [node, depth] = todo.pop()!;
    if (typeof node !== 'object' || node === null || seen.has(node) || ArrayBuffer.isView(node)) continue;
    seen.add(node);
    visited++;
    if (SharedMutex.isShared(node)) {
      const state = (node as { state?: unknown }).state;
      if (state instanceof Int32Array && state.length >= MUTEX_LAYOUT.WORDS) {
        const id = Atomics.load(state, MUTEX_LAYOUT.ID);
        if (!found.has(id)) found.set(id, { name: String((node as { name?: unknown }).name), state });
      }
      continue;
    }
    if (depth >= MAX_DEPTH || node instanceof Promise || node instanceof WeakMap || node instanceof WeakSet) continue;
    if (node instanceof Map) {
      for (const v of node.values()) todo.push([v, depth + 1]);
      continue;
    }
    if (node instanceof Set) {
      for (const v of node) todo.push([v, depth + 1]);
      continue;
    }
    if (Array.isArray(node)) {
      // Big data arrays hold no locks worth the walk; a lock array is short.
      for (let i = 0; i < Math.min(node.length, 1000); i++) todo.push([node[i], depth + 1]);
      continue;
    }
    for (const d of Object.values(Object.getOwnPropertyDescriptors(node))) {
      if ('value' in d) todo.push([d.value, depth + 1]);
    }
  }
  return [...found.values()];
}
