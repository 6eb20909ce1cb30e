// The runtime benchmark page, driven by bench/runtime-browser.ts through `window.bench`.
import { connectReplica, prepareReplica, type ReplicaClient } from '../../js/browser.js';
import { opensyncSchema } from '../../js/opensync/schema.js';
import { notesSchema } from './notes.js';

const worker = () => new Worker(new URL('./runtime-worker.ts', import.meta.url), { type: 'module' });
const now = () => performance.timeOrigin + performance.now();

const bench = {
  client: null as ReplicaClient | null,
  /** Worker-internal durable writes, ours vs sqlite-wasm opfs-sahpool. */
  writes(count: number): Promise<{ ours: number[]; sqlite: number[]; sqliteBest: number[] }> {
    const w = new Worker(new URL('./writes-worker.ts', import.meta.url), { type: 'module' });
    return new Promise((resolve, reject) => {
      w.onmessage = (event) => (w.terminate(), resolve(event.data));
      w.onerror = (event) => reject(new Error(event.message));
      w.postMessage({ count });
    });
  },
  /** The same writes from the page, through the worker RPC. */
  async writesFromPage(count: number): Promise<number[]> {
    const client = await connectReplica({
      worker,
      url: 'http://bench.invalid',
      userId: 'page',
      schema: notesSchema,
    });
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      const start = performance.now();
      await client.collection('notes').create({ title: `note ${i}`, n: i });
      times.push(performance.now() - start);
    }
    await client.destroy();
    return times;
  },
  /** Adds records to the OpenSync replica (the benchmark sends the dataset in pages). */
  async fill(collection: string, records: unknown[]): Promise<void> {
    const result = await bench.client!.collection(collection).upsert(records as never);
    if (result.failed.length) throw new Error(result.failed[0]!.error.message);
  },
  /** Connects to the OpenSync replica and reads the first page of sessions. */
  async openOpenSync(): Promise<number> {
    bench.client = await connectReplica({
      worker,
      url: 'http://bench.invalid',
      userId: 'cold',
      schema: opensyncSchema,
    });
    bench.steps.connected = performance.now();
    const first = await bench.client.collection('sessions').getList(1, 50, { sort: '-updated' });
    return first.items.length;
  },
  /** When (ms from navigation) the cold open's steps ended: the page's module ran, the replica connected. */
  steps: { module: performance.now(), connected: 0 },
  /** A cold open the page started as its module loaded (`?cold`): ms from navigation to the first result. */
  cold: null as Promise<{ ms: number; items: number; steps: { module: number; connected: number } }> | null,
  /** Starts counting notes live; returns when subscribed. Each update records its arrival time. */
  async watchNotes(): Promise<void> {
    bench.client = await connectReplica({
      worker,
      url: 'http://bench.invalid',
      userId: 'tabs',
      schema: notesSchema,
    });
    bench.arrivals = [];
    await new Promise<void>((resolve) =>
      bench.client!.collection('notes').watchCount('', (n) => (bench.arrivals.push([n, now()]), resolve())),
    );
  },
  arrivals: [] as Array<[number, number]>,
  /** Writes one note and returns when (epoch ms) the write was issued. */
  async writeNote(i: number): Promise<number> {
    const issued = now();
    await bench.client!.collection('notes').create({ title: `tab note ${i}`, n: i });
    return issued;
  },
};
(globalThis as unknown as { bench: typeof bench }).bench = bench;
// A cold open as an app does it, with nothing of the harness in between: the worker starts as the
// module loads (it compiles the engine meanwhile), then the page connects and reads.
if (new URLSearchParams(location.search).has('cold')) {
  prepareReplica(worker);
  bench.cold = bench.openOpenSync().then((items) => ({ ms: performance.now(), items, steps: bench.steps }));
}
document.getElementById('log')!.textContent = 'ready';
