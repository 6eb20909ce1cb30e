// The write path between the engine and JavaScript (issue: one write path), against a real local
// PocketBase:
//  1. wasm calls per pulled page of an initial sync;
//  2. wasm calls per realtime event with three live lists and an onChange listener open, and the
//     latency from the server's write to the live list showing it, next to the SDK's own raw
//     subscription callback for the same write (the floor: SSE delivery);
//  3. ingest: server pages stored with collection().upsert, records/s.
// A "wasm call" is a call of an exported engine function (allocations and reply reads excluded).
// Run: npx tsx bench/write-path.ts [sessions=2000] [events=100]
import { EventSource } from 'eventsource';
import PocketBase from 'pocketbase';

import { openReplica, Sync, type Replica } from '../js/index.js';
import { generateOpenSync, opensyncSchema } from '../js/opensync/index.js';
import { loadDataset, startPocketBase } from '../scripts/lib/pocketbase.js';
import { median, printTable } from './table.js';

(globalThis as { EventSource?: unknown }).EventSource ??= EventSource;
const sessions = Number(process.argv[2] ?? 2000);
const events = Number(process.argv[3] ?? 100);
const password = 'password-1234';
const data = generateOpenSync({ users: 1, sessionsPerUser: sessions, messagesPerSession: 4, seed: 7 });
const server = await startPocketBase();

/** Counts calls of the engine's exported functions on the replica's wasm module. */
function countCalls(replica: Replica): { calls: number } {
  const counter = { calls: 0 };
  const module = (replica.engine() as unknown as { module: Record<string, unknown> }).module;
  for (const [name, value] of Object.entries(module)) {
    if (typeof value !== 'function' || name.startsWith('_') || /^[A-Z]/.test(name)) continue;
    if (['replyPointer', 'stackAlloc', 'stackSave', 'stackRestore'].includes(name)) continue;
    module[name] = (...args: unknown[]) => {
      counter.calls++;
      return (value as (...a: unknown[]) => unknown)(...args);
    };
  }
  return counter;
}

try {
  await loadDataset(server, data, {
    password,
    batchSize: 500,
    collections: ['users', 'sessions', 'messages'],
  });
  const pb = new PocketBase(server.url);
  pb.autoCancellation(false);
  await pb.collection('users').authWithPassword(String(data.users[0]!.email), password);
  const userId = pb.authStore.record!.id;

  // 1 + 2: a synced replica with three live lists and an onChange listener.
  const replica = await openReplica({ url: server.url, userId, schema: opensyncSchema });
  const counter = countCalls(replica);
  replica.onChange(() => {});
  const sync = new Sync(replica, {
    pb,
    logger: 'silent',
    collections: ['users', 'sessions', 'messages'],
  });
  await sync.start();
  const pages = sync.metrics.pagesPulled;
  const perPage = counter.calls / pages;

  const target = (await replica.collection('sessions').getList(1, 1, { sort: '-updated' })).items[0]!;
  let expected = '';
  let seen: ((t: number) => void) | null = null;
  replica.collection('sessions').watchList(1, 20, { sort: '-updated' }, (page) => {
    if (page.items.some((s) => s.title === expected)) seen?.(performance.now());
  });
  replica
    .collection('sessions')
    .watchList(1, 50, { filter: `source = "claude-code"`, sort: '-created' }, () => {});
  replica
    .collection('messages')
    .watchList(1, 20, { filter: `session = "${target.id}"`, sort: 'created' }, () => {});
  await new Promise((r) => setTimeout(r, 50));
  const watcher = new PocketBase(server.url);
  watcher.autoCancellation(false);
  await watcher.collection('users').authWithPassword(String(data.users[0]!.email), password);
  let raw: ((t: number) => void) | null = null;
  await watcher.collection('sessions').subscribe(target.id, () => raw?.(performance.now()));
  const rawLatency: number[] = [];
  const liveLatency: number[] = [];
  const callsPerEvent: number[] = [];
  for (let i = 0; i < events; i++) {
    expected = `write path ${i}`;
    const rawAt = new Promise<number>((r) => (raw = r));
    const seenAt = new Promise<number>((r) => (seen = r));
    const before = counter.calls;
    const start = performance.now();
    await server.admin.collection('sessions').update(target.id, { title: expected });
    rawLatency.push((await rawAt) - start);
    liveLatency.push((await seenAt) - start);
    await new Promise((r) => setTimeout(r, 5)); // let the event's last live query finish
    callsPerEvent.push(counter.calls - before);
  }
  await sync.stop();
  await watcher.realtime.unsubscribe();
  printTable(
    'Wasm calls (exported engine functions) per unit of work',
    'calls',
    [
      { name: 'per pulled page (initial sync)', value: perPage, note: `${pages} pages` },
      {
        name: 'per realtime event',
        value: median(callsPerEvent),
        note: '3 live lists + onChange open; median',
      },
    ],
    false,
  );
  const pct = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * q)]!;
  printTable(
    `Realtime: server write → callback, ${events} writes (p50; p95 in the note)`,
    'ms',
    [
      {
        name: 'SDK subscription callback (raw event)',
        value: pct(rawLatency, 0.5),
        note: `p95 ${pct(rawLatency, 0.95).toFixed(1)} ms`,
      },
      {
        name: 'pocketlite live list shows it',
        value: pct(liveLatency, 0.5),
        note: `p95 ${pct(liveLatency, 0.95).toFixed(1)} ms`,
      },
    ],
    false,
  );
  await replica.close();

  // 3: ingest through collection().upsert, pages of 1000 as the server sends them.
  const ingest = await openReplica({ url: server.url, userId, schema: opensyncSchema });
  const pagesJson: string[] = [];
  for (let i = 0; i < data.messages.length; i += 1000)
    pagesJson.push(JSON.stringify(data.messages.slice(i, i + 1000)));
  await ingest.collection('sessions').upsert(JSON.stringify(data.sessions));
  const start = performance.now();
  for (const page of pagesJson) await ingest.collection('messages').upsert(page);
  const ms = performance.now() - start;
  printTable(
    'Ingest: collection().upsert of server pages (1000 messages each)',
    'records/s',
    [
      {
        name: 'pocketlite upsert',
        value: data.messages.length / (ms / 1000),
        note: `${data.messages.length} records in ${ms.toFixed(0)} ms`,
      },
    ],
    true,
  );
  await ingest.close();
} finally {
  await server.stop();
}
