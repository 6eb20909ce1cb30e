// The browser runtime's test page: exposes connectReplica to Playwright as `window.pl`, with the
// worker chosen by the page's query (`?worker=no-opfs` simulates a browser without OPFS).
import {
  connectReplica,
  prepareReplica,
  type ConnectOptions,
  type ReplicaClient,
} from '../../../js/browser.js';

const workers: Record<string, () => Worker> = {
  default: () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }),
  'no-opfs': () => new Worker(new URL('./worker-no-opfs.ts', import.meta.url), { type: 'module' }),
};

const kind = new URLSearchParams(location.search).get('worker') ?? 'default';

/** What the tests reach through page.evaluate. */
const pl = {
  client: null as ReplicaClient | null,
  updates: [] as unknown[],
  /** The main thread's long tasks (over 50 ms) as the browser reports them: start and duration (ms). */
  longTasks: [] as Array<{ start: number; duration: number }>,
  /** Workers this page created. */
  spawned: 0,
  spawn: () => (pl.spawned++, workers[kind]!()),
  /** Starts the worker before connecting (prepareReplica). */
  prepare: () => prepareReplica(pl.spawn),
  async connect(options: Omit<ConnectOptions, 'worker'>) {
    pl.client = await connectReplica({ ...options, worker: pl.spawn });
    document.getElementById('status')!.textContent = pl.client.status.role;
    pl.client.onStatus((status) => (document.getElementById('status')!.textContent = status.role));
    return pl.client.status;
  },
};
(globalThis as unknown as { pl: typeof pl }).pl = pl;
new PerformanceObserver((list) =>
  pl.longTasks.push(...list.getEntries().map((e) => ({ start: e.startTime, duration: e.duration }))),
).observe({
  type: 'longtask',
  buffered: true,
});
document.getElementById('status')!.textContent = 'idle';
