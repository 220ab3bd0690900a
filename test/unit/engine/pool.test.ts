// The warm pool of a spare run process (src/engine/pool.ts): taken when the scenario's
// worker actors are exactly as many as the threads started ahead, ended otherwise.
// Threads load dist/worker/load.cjs: `npm run build` first (npm test does).
import { afterEach, describe, expect, it } from 'vitest';
import type { Piscina } from 'piscina';
import { dropWarm, poolFor, warm } from '../../../dist/engine/pool.js';

const pools: Piscina[] = [];
const keep = (p: Piscina) => (pools.push(p), p);
afterEach(async () => {
  await dropWarm();
  await Promise.all(pools.splice(0).map((p) => p.destroy()));
});

describe('warm pool', () => {
  it('is the pool a scenario with that many worker actors gets', async () => {
    const ahead = warm(2)!;
    const p = keep(await poolFor(2));
    expect(p).toBe(await ahead);
    expect(p.threads).toHaveLength(2);
    // Taken once: the next scenario gets a pool of its own.
    const q = keep(await poolFor(2));
    expect(q).not.toBe(p);
  });

  it('is ended, and a pool of the right size started, when the count differs', async () => {
    const ahead = keep((await warm(3)) as Piscina);
    const p = keep(await poolFor(2));
    expect(p).not.toBe(ahead);
    expect(p.threads).toHaveLength(2);
    expect(ahead.threads).toHaveLength(0);
  });

  it('is ended by dropWarm (a scenario with no worker actors)', async () => {
    const ahead = keep((await warm(2)) as Piscina);
    await dropWarm();
    expect(ahead.threads).toHaveLength(0);
    const p = keep(await poolFor(2));
    expect(p).not.toBe(ahead);
  });

  it('starts nothing for 0 workers, and only one pool at a time', async () => {
    expect(warm(0)).toBeUndefined();
    const first = warm(1);
    expect(first).toBeDefined();
    expect(warm(1)).toBeUndefined();
    keep(await first!);
  });
});
