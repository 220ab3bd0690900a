// CONTROL: loop tasks talk over a MessageChannel to a responder on the same thread that
// answers after a short timer; an unref'd port and pending requests keep tasks waiting
// for a while, never forever.
import { MessageChannel } from 'node:worker_threads';
import { defineScenario } from 'racecheck';

const { port1, port2 } = new MessageChannel();
port2.on('message', ({ id, n }: { id: number; n: number }) => setTimeout(() => port2.postMessage({ id, n: n * 3 }), n % 4));
port2.unref();
const waiting = new Map<number, (n: number) => void>();
port1.on('message', ({ id, n }: { id: number; n: number }) => {
  waiting.get(id)?.(n);
  waiting.delete(id);
});
port1.unref();
let next = 0;

export default defineScenario({
  name: 'control: request and reply over a MessagePort',
  setup: () => ({}),
  workers: false,
  ops: {
    request: async (_v, ctx) => {
      const n = ctx.int(0, 1000);
      const id = next++;
      const answer = await new Promise<number>((resolve) => {
        waiting.set(id, resolve);
        port1.postMessage({ id, n });
      });
      ctx.assert(answer === n * 3, `answer ${answer} for ${n}`);
    },
  },
});
