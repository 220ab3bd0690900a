import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, threadId } from 'node:worker_threads';
import { build } from 'esbuild';
import {
  MUTEX_LAYOUT,
  SharedMutex,
  readMutexState,
  reviveMutexes,
  setDefaultOwner,
  setMutexIdCounter,
  type SharedMutexLike,
} from '../../../src/primitives/shared-mutex.js';

// Workers cannot import the .ts source, and dist/ may be stale or missing, so the worker
// imports a fresh esbuild transpile of the same source file.
const SOURCE = fileURLToPath(new URL('../../../src/primitives/shared-mutex.ts', import.meta.url));
const WORKER = new URL('./fixtures/mutex-worker.mjs', import.meta.url);
let buildDir = '';
let moduleUrl = '';

beforeAll(async () => {
  buildDir = await mkdtemp(join(tmpdir(), 'racecheck-shared-mutex-'));
  const outfile = join(buildDir, 'shared-mutex.mjs');
  await build({ entryPoints: [SOURCE], outfile, format: 'esm', platform: 'node', target: 'node20', logLevel: 'silent' });
  moduleUrl = pathToFileURL(outfile).href;
});
afterAll(async () => {
  await rm(buildDir, { recursive: true, force: true });
});

interface Running {
  /** Messages in arrival order; `next()` resolves with the next one not yet taken. */
  next(): Promise<Record<string, unknown>>;
  exited: Promise<void>;
}

function startWorker(job: Record<string, unknown>): Running {
  const worker = new Worker(WORKER, { workerData: { moduleUrl, job } });
  const queue: Record<string, unknown>[] = [];
  const takers: ((m: Record<string, unknown>) => void)[] = [];
  let failure: Error | undefined;
  const failers: ((e: Error) => void)[] = [];
  worker.on('message', (m: Record<string, unknown>) => {
    const take = takers.shift();
    if (take) take(m);
    else queue.push(m);
  });
  const exited = new Promise<void>((resolve, reject) => {
    const fail = (e: Error) => {
      failure = e;
      failers.splice(0).forEach((f) => f(e));
      reject(e);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => (code === 0 ? resolve() : fail(new Error(`worker exited with ${code}`))));
  });
  exited.catch(() => {});
  return {
    next: () =>
      new Promise((resolve, reject) => {
        if (failure) return reject(failure);
        const queued = queue.shift();
        if (queued) return resolve(queued);
        takers.push(resolve);
        failers.push(reject);
      }),
    exited,
  };
}

const shared = (words: number) => new Int32Array(new SharedArrayBuffer(words * 4));
const ctx = (id: number) => ({ actor: { id, name: `task#${id}` } });
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await turn();
}

describe('SharedMutex: mutual exclusion', () => {
  it('keeps a non-atomic counter exact under workers (lockSync) and loop tasks (lock) at once', async () => {
    const mutex = new SharedMutex('counter');
    const counter = shared(2); // [value, actors inside]
    const go = shared(1);
    const WORKERS = 4, ITERATIONS = 3000, TASKS = 4, TASK_ITERATIONS = 150;
    const workers = Array.from({ length: WORKERS }, (_, i) =>
      startWorker({ kind: 'count', mutex, counter, go, owner: 100 + i, iterations: ITERATIONS, spin: 200 }),
    );
    let overlaps = 0, wrongOwner = 0;
    const task = async (owner: number) => {
      for (let i = 0; i < TASK_ITERATIONS; i++) {
        await mutex.lock(ctx(owner));
        if (Atomics.add(counter, 1, 1) !== 0) overlaps++;
        if (readMutexState(mutex.state).owner !== owner) wrongOwner++;
        const v = counter[0]!;
        // Other tasks run here: without the lock this loses updates even with no threads.
        await (i % 2 === 0 ? turn() : Promise.resolve());
        counter[0] = v + 1;
        Atomics.sub(counter, 1, 1);
        mutex.unlock();
      }
    };
    Atomics.store(go, 0, 1);
    Atomics.notify(go, 0);
    const tasks = Array.from({ length: TASKS }, (_, i) => task(i));
    const results = await Promise.all(workers.map((w) => w.next()));
    await Promise.all([...tasks, ...workers.map((w) => w.exited)]);

    expect(counter[0]).toBe(WORKERS * ITERATIONS + TASKS * TASK_ITERATIONS);
    expect(overlaps).toBe(0);
    expect(wrongOwner).toBe(0);
    for (const r of results) expect(r).toMatchObject({ overlaps: 0, wrongOwner: 0 });
    expect(readMutexState(mutex.state)).toMatchObject({ locked: false, owner: undefined, waiters: [], waiterCount: 0 });
  });

  it('keeps loop tasks exclusive with no threads at all (waitAsync woken from the same thread)', async () => {
    const mutex = new SharedMutex();
    const state = { value: 0, inside: 0, overlaps: 0 };
    await Promise.all(
      Array.from({ length: 8 }, async (_, id) => {
        for (let i = 0; i < 100; i++) {
          await mutex.withLock(async () => {
            if (state.inside++ !== 0) state.overlaps++;
            const v = state.value;
            await turn();
            state.value = v + 1;
            state.inside--;
          }, id);
        }
      }),
    );
    expect(state).toEqual({ value: 800, inside: 0, overlaps: 0 });
    expect(readMutexState(mutex.state)).toMatchObject({ locked: false, waiters: [], waiterCount: 0 });
  });
});

describe('SharedMutex: lock calls', () => {
  it('tryLock takes a free lock once and never waits', () => {
    const mutex = new SharedMutex('t');
    expect(mutex.tryLock(3)).toBe(true);
    expect(mutex.tryLock(4)).toBe(false);
    expect(readMutexState(mutex.state)).toMatchObject({ locked: true, owner: 3, waiters: [], waiterCount: 0 });
    mutex.unlock();
    expect(mutex.tryLock(ctx(4))).toBe(true);
    expect(readMutexState(mutex.state).owner).toBe(4);
    mutex.unlock();
  });

  it('lockSync takes an uncontended lock on the main thread', () => {
    const mutex = new SharedMutex();
    mutex.lockSync(9);
    expect(readMutexState(mutex.state)).toMatchObject({ locked: true, owner: 9 });
    mutex.unlock();
  });

  it('unlock of a free lock throws an error naming the mutex', () => {
    const mutex = new SharedMutex('bank');
    const message = 'SharedMutex "bank": unlock() by a non-owner / when not locked';
    expect(() => mutex.unlock()).toThrow(message);
    mutex.tryLock();
    mutex.unlock();
    expect(() => mutex.unlock()).toThrow(message);
  });

  it('withLock returns the result and unlocks when fn throws', async () => {
    const mutex = new SharedMutex();
    await expect(mutex.withLock(() => 42, 1)).resolves.toBe(42);
    await expect(mutex.withLock(async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(readMutexState(mutex.state).locked).toBe(false);
  });

  it('lock() waits without blocking the event loop', async () => {
    const mutex = new SharedMutex();
    const release = shared(1);
    const holder = startWorker({ kind: 'hold', mutex, release, owner: 50 });
    await expect(holder.next()).resolves.toEqual({ held: true });

    const events: string[] = [];
    const acquired = mutex.lock(1).then(() => events.push('acquired'));
    // If lock() blocked the thread, this would only run after the holder's safety timeout,
    // after 'acquired'.
    setImmediate(() => {
      events.push('immediate');
      Atomics.store(release, 0, 1);
      Atomics.notify(release, 0);
    });
    await acquired;
    mutex.unlock();
    expect(events).toEqual(['immediate', 'acquired']);
    await expect(holder.next()).resolves.toEqual({ releasedBy: 'signal' });
    await holder.exited;
  });
});

describe('SharedMutex: owner and waiters for reports', () => {
  it('shows owner and waiter bits while a worker and a loop task are blocked', async () => {
    const mutex = new SharedMutex('report');
    expect(mutex.tryLock(ctx(7))).toBe(true);
    const waiter = startWorker({ kind: 'wait', mutex, owner: 42 });
    await until(() => readMutexState(mutex.state).waiterCount === 1);
    expect(readMutexState(mutex.state)).toMatchObject({ locked: true, owner: 7, waiters: [42], waiterCount: 1 });

    const task = mutex.lock(3); // marks itself before its first await
    expect(readMutexState(mutex.state)).toMatchObject({ owner: 7, waiters: [3, 42], waiterCount: 2 });

    // Either waiter may win. Each sees itself as owner; the first also sees the other waiting.
    const taskSaw = task.then(() => {
      const seen = readMutexState(mutex.state);
      mutex.unlock();
      return seen;
    });
    mutex.unlock();
    const [byTask, fromWorker] = await Promise.all([taskSaw, waiter.next()]);
    const byWorker = fromWorker['inside'] as ReturnType<typeof readMutexState>;
    expect(byTask.owner).toBe(3);
    expect(byWorker.owner).toBe(42);
    expect([[[42], []], [[], [3]]]).toContainEqual([byTask.waiters, byWorker.waiters]);
    await waiter.exited;
    expect(readMutexState(mutex.state)).toMatchObject({ locked: false, owner: undefined, waiters: [], waiterCount: 0 });
  });

  it('counts waiters beyond the bitset without a bit', async () => {
    const mutex = new SharedMutex();
    mutex.tryLock(0);
    const task = mutex.lock(MUTEX_LAYOUT.WAITER_WORDS * 32);
    expect(readMutexState(mutex.state)).toMatchObject({ owner: 0, waiters: [], waiterCount: 1 });
    mutex.unlock();
    await task;
    expect(readMutexState(mutex.state)).toMatchObject({ owner: 256, waiterCount: 0 });
    mutex.unlock();
  });

  it('records the default owner, else -(threadId + 1)', () => {
    const mutex = new SharedMutex();
    try {
      setDefaultOwner(5);
      mutex.tryLock();
      expect(readMutexState(mutex.state).owner).toBe(5);
      mutex.unlock();
      setDefaultOwner(undefined);
      mutex.tryLock();
      expect(readMutexState(mutex.state)).toMatchObject({ locked: true, owner: -(threadId + 1) });
      mutex.unlock();
    } finally {
      setDefaultOwner(undefined);
    }
    expect(() => setDefaultOwner(1.5)).toThrow('SharedMutex owner must be an int32 actor id, got 1.5');
    expect(() => mutex.tryLock(Number.NaN)).toThrow(TypeError);
  });

  it('outside a racecheck round, numbers its locks per thread from 2^30 + 1, in creation order', () => {
    setMutexIdCounter(undefined);
    const a = new SharedMutex(), b = new SharedMutex();
    const { id } = readMutexState(a.state);
    expect(id).toBeGreaterThan(2 ** 30);
    expect(id).toBeLessThan(2 ** 31);
    expect(a.state[MUTEX_LAYOUT.ID]).toBe(id);
    expect(a.name).toBe(`mutex-${id}`);
    expect(readMutexState(b.state).id).toBe(id + 1);
  });

  it('in a round, numbers locks 1, 2, ... from the shared counter, unique across threads', async () => {
    const counter = new Int32Array(new SharedArrayBuffer(4));
    setMutexIdCounter(counter, 0);
    try {
      const mine = [new SharedMutex(), new SharedMutex('named')];
      expect(mine.map((m) => readMutexState(m.state).id)).toEqual([1, 2]);
      expect(mine.map((m) => m.name)).toEqual(['mutex-1', 'named']);
      const workers = [startWorker({ kind: 'make', counter, n: 3 }), startWorker({ kind: 'make', counter, n: 3 })];
      const made = (await Promise.all(workers.map((w) => w.next()))) as { ids: number[]; names: string[] }[];
      await Promise.all(workers.map((w) => w.exited));
      const all = [1, 2, ...made.flatMap((m) => m.ids)];
      expect(all.slice().sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(made.flatMap((m) => m.names)).toEqual(made.flatMap((m) => m.ids).map((id) => `mutex-${id}`));
      // A round set up afresh resets the counter (shm/telemetry.ts): the same setup names its locks alike.
      Atomics.store(counter, 0, 0);
      expect(new SharedMutex().name).toBe('mutex-1');
    } finally {
      setMutexIdCounter(undefined);
    }
  });
});

describe('SharedMutex: structured clones', () => {
  it('clones to a plain marked object that from() revives over the same memory', () => {
    const mutex = new SharedMutex('acct');
    const clone = structuredClone(mutex) as unknown as SharedMutexLike;
    expect(clone).not.toBeInstanceOf(SharedMutex);
    expect(Object.keys(clone)).toEqual(['__racecheck', 'name', 'state']);
    expect(SharedMutex.isShared(clone)).toBe(true);
    expect(SharedMutex.isShared(mutex)).toBe(true);
    expect(SharedMutex.isShared({ name: 'x' })).toBe(false);
    expect(SharedMutex.isShared(null)).toBe(false);

    const revived = SharedMutex.from(clone);
    expect(revived).toBeInstanceOf(SharedMutex);
    expect(revived.name).toBe('acct');
    expect(Object.keys(revived)).toEqual(['__racecheck', 'name', 'state']);
    expect(SharedMutex.from(mutex)).toBe(mutex);

    expect(mutex.tryLock(5)).toBe(true);
    expect(revived.tryLock(6)).toBe(false);
    expect(readMutexState(revived.state).owner).toBe(5);
    revived.unlock();
    expect(mutex.tryLock(6)).toBe(true);
    mutex.unlock();
  });

  it('from() rejects what is not a clone over shared memory', () => {
    const bad = [
      { __racecheck: 'SharedMutex', name: 'x', state: new Int32Array(MUTEX_LAYOUT.WORDS) },
      { __racecheck: 'SharedMutex', name: 'x', state: shared(2) },
      { name: 'x', state: shared(MUTEX_LAYOUT.WORDS) },
    ];
    for (const b of bad) expect(() => SharedMutex.from(b as SharedMutexLike)).toThrow(TypeError);
  });

  it('reviveMutexes replaces clones in objects, arrays and Map values, keeping identity', () => {
    const a = new SharedMutex('a'), b = new SharedMutex('b');
    const data = shared(2);
    const graph: Record<string, unknown> = { a, list: [a, { deep: b }], map: new Map([['k', b]]), data };
    graph['self'] = graph;
    const clone = structuredClone(graph);

    expect(reviveMutexes(clone)).toBe(clone);
    const list = clone['list'] as [SharedMutex, { deep: SharedMutex }];
    expect(clone['a']).toBeInstanceOf(SharedMutex);
    expect(list[0]).toBe(clone['a']);
    expect(list[1].deep).toBeInstanceOf(SharedMutex);
    expect((clone['map'] as Map<string, unknown>).get('k')).toBe(list[1].deep);
    expect(clone['self']).toBe(clone);
    expect(clone['data']).toBeInstanceOf(Int32Array);

    a.tryLock(1);
    expect(list[0].tryLock(2)).toBe(false);
    a.unlock();
  });

  it('reviveMutexes replaces a root clone and passes other values through', () => {
    const root = reviveMutexes(structuredClone(new SharedMutex('root')));
    expect(root).toBeInstanceOf(SharedMutex);
    expect((root as SharedMutex).name).toBe('root');
    const mutex = new SharedMutex();
    expect(reviveMutexes(mutex)).toBe(mutex);
    for (const v of [undefined, null, 7, 'x', shared(1)]) expect(reviveMutexes(v)).toBe(v);
  });
});
