// Sync benchmarks against a local PocketBase (started here, filled through its batch API):
//  1. initial sync of every OpenSync collection into a replica (persisted and indexed) next to
//     what OpenSync does today: the SDK's getFullList of the same collections into JS arrays;
//  2. the engine's apply rate alone, on the same pages already fetched;
//  3. realtime: a server-side write to the moment a live query on the replica shows it, next to
//     the SDK's own subscription callback for the same write;
//  4. the outbox: 1,000 offline edits flushed with and without the batch API, next to the SDK
//     sending the same edits one by one.
// Run: npx tsx bench/sync.ts [tiny|small|demo|bench]   (default bench: 10k sessions, ~150k messages)
import { EventSource } from 'eventsource';
import PocketBase from 'pocketbase';

import { openReplica, Sync, type Replica } from '../js/index.js';
import { generateOpenSync, opensyncSchema, SIZES } from '../js/opensync/index.js';
import { OPENSYNC_COLLECTIONS } from '../scripts/lib/opensync-schema.js';
import { loadDataset, startPocketBase } from '../scripts/lib/pocketbase.js';
import { recordsSeen } from '../js/sync/apply-report.js';
import { median, printTable } from './table.js';

(globalThis as { EventSource?: unknown }).EventSource ??= EventSource;
const size = (process.argv[2] ?? 'bench') as keyof typeof SIZES;
const data = generateOpenSync({ ...SIZES[size], seed: 42 });
const password = 'password-1234';
const server = await startPocketBase();
const ms = (t: number) => `${t.toFixed(0)} ms`;

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

  // 1. Initial sync, three alternating rounds, medians.
  const sdkTimes: number[] = [];
  const syncTimes: number[] = [];
  let records = 0;
  for (let round = 0; round < 3; round++) {
    let start = performance.now();
    records = 0;
    for (const name of OPENSYNC_COLLECTIONS)
      records += (await pb.collection(name).getFullList({ batch: 1000, requestKey: null })).length;
    sdkTimes.push(performance.now() - start);
    const replica = await freshReplica(pb);
    start = performance.now();
    const sync = new Sync(replica, { pb, realtime: false, logger: 'silent' });
    await sync.start();
    syncTimes.push(performance.now() - start);
    await sync.stop();
    await replica.close();
  }
  const sdk = median(sdkTimes);
  const synced = median(syncTimes);
  const rate = (t: number) => `${Math.round(records / (t / 1000)).toLocaleString()} records/s`;
  printTable(
    `Initial sync of ${records.toLocaleString()} records (median of 3)`,
    'ms',
    [
      { name: 'SDK getFullList into JS arrays (OpenSync)', value: sdk, note: rate(sdk) },
      {
        name: 'pocketlite Sync (pull, persist, index)',
        value: synced,
        note: `${rate(synced)}; time ${(synced / sdk).toFixed(2)}× the SDK's`,
      },
    ],
    false,
  );

  // 2. Engine apply rate alone: the same list pages, fetched first.
  const pages: Array<[string, string]> = [];
  for (const name of OPENSYNC_COLLECTIONS)
    for (let page = 1; ; page++) {
      const url = `${server.url}/api/collections/${name}/records?perPage=1000&page=${page}&skipTotal=1&sort=updated,id`;
      const text = await (await fetch(url, { headers: { Authorization: pb.authStore.token } })).text();
      pages.push([name, text]);
      if ((text.match(/"collectionName"/g) ?? []).length < 1000) break;
    }
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

  // 4. Outbox: 1,000 offline edits, flushed.
  const sessions = (await live.collection('sessions').getList(1, 1000, { sort: 'id' })).items;
  const flushRows: Array<{ name: string; value: number }> = [];
  let start = performance.now();
  for (const [i, s] of sessions.entries())
    await pb.collection('sessions').update(s.id, { summary: `sdk ${i}` });
  const direct = performance.now() - start;
  flushRows.push({ name: 'SDK update() one by one', value: direct });
  for (const [label, batch] of [
    ['pocketlite outbox, batch API', true],
    ['pocketlite outbox, one by one', false],
  ] as const) {
    for (const [i, s] of sessions.entries())
      await live.collection('sessions').update(s.id, { summary: `${label} ${i}` });
    const flusher = new Sync(live, { pb, realtime: false, batch, batchSize: 100, logger: 'silent' });
    start = performance.now();
    await flusher.flush();
    const took = performance.now() - start;
    if ((await live.outbox()).length !== 0) throw new Error('the outbox did not drain');
    flushRows.push({ name: label, value: took });
    await flusher.stop();
  }
  printTable(`Outbox: ${sessions.length} offline edits flushed`, 'ms', flushRows, false);
  await live.close();
} finally {
  await server.stop();
}
