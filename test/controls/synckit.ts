// CONTROL: synckit makes a call to its own worker synchronous (the main thread blocks in
// Atomics.wait for ~1 ms per call). Worker actors and loop tasks both call it.
import { createSyncFn } from 'synckit';
import { defineScenario } from 'racecheck';
import { fixture } from './fixtures/where.js';

let add: ((a: number, b: number) => number) | undefined;
// Created (and its worker booted) once per thread, as users do at module top level:
// the boot is the slow part, each call after it is short.
const getAdd = () => {
  if (!add) {
    add = createSyncFn<(a: number, b: number) => Promise<number>>(fixture('sync-add.mjs'));
    add(0, 0);
  }
  return add;
};
getAdd();

export default defineScenario({
  name: 'control: synckit sync call to a worker',
  setup: () => ({}),
  workers: { count: 2 },
  tasks: { count: 2 },
  ops: {
    add: (_v, ctx) => {
      const a = ctx.int(0, 1000);
      const b = ctx.int(0, 1000);
      const sum = getAdd()(a, b);
      ctx.assert(sum === a + b, `${a} + ${b} gave ${sum}`);
    },
  },
});
