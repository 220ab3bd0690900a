// CONTROL: loop tasks offload to worker threads they start themselves: a fresh thread
// per op (answers after 20-80 ms), and one long-lived thread asked over a MessagePort.
import { MessageChannel, Worker } from 'node:worker_threads';
import { defineScenario } from 'racecheck';

const ONE_SHOT = `
const { parentPort, workerData } = require('node:worker_threads');
setTimeout(() => parentPort.postMessage(workerData * 2), 20 + (workerData % 60));
`;
const SERVER = `
const { workerData } = require('node:worker_threads');
workerData.port.on('message', ({ id, n }) => setTimeout(() => workerData.port.postMessage({ id, n: n + 1 }), n % 5));
`;

let server: { port: import('node:worker_threads').MessagePort; waiting: Map<number, (n: number) => void>; next: number } | undefined;
function ask(n: number): Promise<number> {
  if (!server) {
    const { port1, port2 } = new MessageChannel();
    new Worker(SERVER, { eval: true, workerData: { port: port2 }, transferList: [port2] }).unref();
    const waiting = new Map<number, (n: number) => void>();
    port1.on('message', ({ id, n: m }: { id: number; n: number }) => {
      waiting.get(id)?.(m);
      waiting.delete(id);
    });
    port1.unref(); // a pending ask is what keeps a task waiting, not the port
    server = { port: port1, waiting, next: 0 };
  }
  const s = server;
  const id = s.next++;
  return new Promise((resolve) => {
    s.waiting.set(id, resolve);
    s.port.postMessage({ id, n });
  });
}

export default defineScenario({
  name: 'control: worker threads and ports of its own',
  setup: () => ({}),
  attach: () => ({ answers: 0 }),
  workers: false,
  tasks: { count: 3 },
  ops: {
    fresh: async (v, ctx) => {
      const n = ctx.int(0, 1000);
      const w = new Worker(ONE_SHOT, { eval: true, workerData: n });
      const answer = await new Promise<number>((resolve, reject) => {
        w.once('message', resolve);
        w.once('error', reject);
      });
      await w.terminate();
      ctx.assert(answer === n * 2, `worker answered ${answer} for ${n}`);
      v.answers++;
    },
    port: async (v, ctx) => {
      const n = ctx.int(0, 1000);
      const answer = await ask(n);
      ctx.assert(answer === n + 1, `server answered ${answer} for ${n}`);
      v.answers++;
    },
  },
  verify: (v, round) => v.answers === round.count('fresh') + round.count('port') || `${v.answers} answers`,
});
