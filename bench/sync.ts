// Sync benchmarks against a local PocketBase (started here, filled through its batch API):
//  1. initial sync of every OpenSync collection into a replica (persisted and indexed) next to
//     what OpenSync does today: the SDK's getFullList of the same collections into JS arrays;
//  2. the engine's apply rate alone, on the same pages already fetched;
//  3. realtime: a server-side write to the moment a live query on the replica shows it, next to
//     the SDK's own subscription callback for the same write;
//  4. the outbox: 1,000 offline edits flushed with and without the batch API, next to the SDK
//     sending the same edits one by one.
// Run: npx tsx bench/sync.ts [tiny|small|demo|bench]   (default bench: 10k sessions, ~150k messages)
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { EventSource } from 'eventsource';
import PocketBase from 'pocketbase';

import { openReplica, Sync, type Replica } from '../js/index.js';
import { generateOpenSync, opensyncSchema, SIZES } from '../js/opensync/index.js';
import { OPENSYNC_COLLECTIONS } from '../scripts/lib/opensync-schema.js';
import { loadDataset, startPocketBase } from '../scripts/lib/pocketbase.js';
import { recordsSeen } from '../js/sync/apply-report.js';
import { NodeFsStore } from '../js/storage/node-fs.js';
import type { BlockStore } from '../js/storage/types.js';
import { keysetPageTexts, keysetPull } from './keyset.js';
import { compare, printTable } from './table.js';

(globalThis as { EventSource?: unknown }).EventSource ??= EventSource;
const size = (process.argv[2] ?? 'bench') as keyof typeof SIZES;
const data = generateOpenSync({ ...SIZES[size], seed: 42 });
const password = 'password-1234';
const server = await startPocketBase();
const ms = (t: number) => `${t.toFixed(0)} ms`;
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const BATCH = 100;

async function signIn(): Promise<PocketBase> {
  const pb = new PocketBase(server.url);
  pb.autoCancellation(false);
  await pb.collection('users').authWithPassword(data.users[0]!.email as string, password);
  return pb;
}

async function freshReplica(pb: PocketBase): Promise<Replica> {
  return openReplica({ url: server.url, userId: pb.authStore.record!.id, schema: opensyncSchema });
}

try {
  process.stdout.write(`loading ${size} dataset into PocketBase ... `);
  const loadStart = performance.now();
  await loadDataset(server, data, { password, batchSize: 500 });
  console.log(ms(performance.now() - loadStart));
  const pb = await signIn();

  // 1. Initial sync: OpenSync's way, the SDK at its best (keyset pages, collections in parallel),
  // and the replica on the memory store and on a durable file store.
  let records = 0;
  const countOf = (lists: unknown[][]) => lists.reduce((n, l) => n + l.length, 0);
  const timed = async (work: () => Promise<unknown>) => {
    const start = performance.now();
    await work();
    return performance.now() - start;
  };
  const syncInto = (storage: () => BlockStore | 'memory') => async () => {
    const replica = await openReplica({
      url: server.url,
      userId: pb.authStore.record!.id,
      schema: opensyncSchema,
      storage: storage(),
    });
    const sync = new Sync(replica, { pb, realtime: false, logger: 'silent' });
    const took = await timed(() => sync.start());
    await sync.stop();
    await replica.close();
    return took;
  };
  await compare(
    `Initial sync of every OpenSync collection (${size} dataset)`,
    [
      {
        name: 'SDK getFullList, one after another',
        technique: 'OpenSync today: offset pages of 1000 into JS arrays, nothing kept',
        run: () =>
          timed(async () => {
            const lists: unknown[][] = [];
            for (const name of OPENSYNC_COLLECTIONS)
              lists.push(await pb.collection(name).getFullList({ batch: 1000, requestKey: null }));
            records = countOf(lists);
          }),
      },
      {
        name: 'SDK keyset pages, collections parallel',
        technique: '(updated, id) keyset, skipTotal, pages of 1000, every collection at once; nothing kept',
        run: () =>
          timed(
            async () =>
              (records = countOf(
                await Promise.all(OPENSYNC_COLLECTIONS.map((name) => keysetPull(pb, name))),
              )),
          ),
      },
      {
        name: 'pocketlite Sync, memory store',
        technique: 'keyset pull, collections overlapped, applied and indexed in wasm; volatile',
        run: syncInto(() => 'memory'),
      },
      {
        name: 'pocketlite Sync, file store (durable)',
        technique: 'the same, persisted through NodeFsStore (fsync per commit)',
        run: syncInto(() => new NodeFsStore(mkdtempSync(join(tmpdir(), 'pocketlite-bench-')))),
      },
    ],
    { rounds: ROUNDS, unit: 'ms', higherIsBetter: false },
  );
  console.log(`(${records.toLocaleString()} records)`);

  // 2. Engine apply rate alone: the same list pages, fetched first.
  const pages: Array<[string, string]> = [];
  for (const name of OPENSYNC_COLLECTIONS)
    for (const text of await keysetPageTexts(pb, name)) pages.push([name, text]);
  const replica = await freshReplica(pb);
  const engine = replica.syncAccess().engine;
  let applied = 0;
  const applyStart = performance.now();
  for (const [name, text] of pages)
    applied += recordsSeen(engine.upsert(name, text, { list: true, advanceCursor: true }));
  const applyMs = performance.now() - applyStart;
  printTable(
    'Engine apply rate (the same pages, already fetched)',
    'records/s',
    [
      {
        name: 'pocketlite upsert (the ingest path)',
        value: applied / (applyMs / 1000),
        note: `${applied} records in ${ms(applyMs)}`,
      },
    ],
    true,
  );
  await replica.close();

  // 3. Realtime: server write → live query callback, against the SDK's raw event callback.
  const live = await freshReplica(pb);
  const sync = new Sync(live, { pb, logger: 'silent' });
  await sync.start();
  const target = (await live.collection('sessions').getList(1, 1, { sort: '-updated' })).items[0]!;
  const watcher = await signIn();
  let eventArrived: ((t: number) => void) | null = null;
  await watcher.collection('sessions').subscribe(target.id, () => eventArrived?.(performance.now()));
  let listArrived: ((t: number) => void) | null = null;
  let expected = '';
  const stopWatching = live.collection('sessions').watchList(1, 20, { sort: '-updated' }, (page) => {
    if (page.items.some((s) => s.title === expected)) listArrived?.(performance.now());
  });
  const rawLatency: number[] = [];
  const liveLatency: number[] = [];
  for (let i = 0; i < 200; i++) {
    expected = `realtime ${i}`;
    const raw = new Promise<number>((r) => (eventArrived = r));
    const seen = new Promise<number>((r) => (listArrived = r));
    const start = performance.now();
    await server.admin.collection('sessions').update(target.id, { title: expected });
    rawLatency.push((await raw) - start);
    liveLatency.push((await seen) - start);
  }
  const pct = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * q)]!;
  printTable(
    'Realtime: server write → callback, 200 writes (p50; p95 in the note)',
    'ms',
    [
      {
        name: 'SDK subscription callback (raw event)',
        value: pct(rawLatency, 0.5),
        note: `p95 ${pct(rawLatency, 0.95).toFixed(1)}`,
      },
      {
        name: 'pocketlite live query (applied, re-run)',
        value: pct(liveLatency, 0.5),
        note: `p95 ${pct(liveLatency, 0.95).toFixed(1)}`,
      },
    ],
    false,
  );
  await watcher.collection('sessions').unsubscribe();
  stopWatching(); // the outbox numbers below measure sending, not a live view re-running
  await sync.stop();

  // 4. Outbox: 1,000 offline edits, flushed. The SDK's best is its own batch API, in requests of
  // the same size the outbox sends.
  const sessions = (await live.collection('sessions').getList(1, 1000, { sort: 'id' })).items;
  let round = 0;
  const outboxFlush = (batch: boolean) => async () => {
    const label = `outbox ${batch} ${round++}`;
    for (const [i, s] of sessions.entries())
      await live.collection('sessions').update(s.id, { summary: `${label} ${i}` });
    const flusher = new Sync(live, { pb, realtime: false, batch, batchSize: BATCH, logger: 'silent' });
    const took = await timed(() => flusher.flush());
    if ((await live.outbox()).length !== 0) throw new Error('the outbox did not drain');
    await flusher.stop();
    return took;
  };
  await compare(
    `Outbox: ${sessions.length} offline edits flushed`,
    [
      {
        name: 'SDK createBatch()',
        technique: `pb.createBatch(), ${BATCH} updates per request, one request at a time`,
        run: () =>
          timed(async () => {
            const label = `sdk ${round++}`;
            for (let i = 0; i < sessions.length; i += BATCH) {
              const batch = pb.createBatch();
              for (const [j, s] of sessions.slice(i, i + BATCH).entries())
                batch.collection('sessions').update(s.id, { summary: `${label} ${i + j}` });
              await batch.send();
            }
          }),
      },
      {
        name: 'SDK update() one by one',
        technique: 'one PATCH per edit, awaited in turn',
        run: () =>
          timed(async () => {
            const label = `sdk ${round++}`;
            for (const [i, s] of sessions.entries())
              await pb.collection('sessions').update(s.id, { summary: `${label} ${i}` });
          }),
      },
      {
        name: 'pocketlite outbox, batch API',
        technique: `POST /api/batch of ${BATCH}, each answer applied to the replica`,
        run: outboxFlush(true),
      },
      {
        name: 'pocketlite outbox, one by one',
        technique: 'one request per edit, each answer applied',
        run: outboxFlush(false),
      },
    ],
    { rounds: ROUNDS, unit: 'ms', higherIsBetter: false },
  );
  await live.close();
} finally {
  await server.stop();
}
