// Requests per reconnect to find server deletes, at 10k sessions / 200k messages, on the two
// servers OpenSync may run: ours (pocketbase/pb_hooks/tombstones.pb.js writes tombstones) and a
// deployed one without our additions (tests/fixtures/opensync-deployed-collections.json), where
// the sync compares counts and bisects `updated` ranges. Baseline: listing every id the user can
// see (fields=id, 1,000 per page), what an expert does without tombstones or counts.
// Each reconnect is a new Sync on an already synced replica: its first pass (pull from the
// cursors, tombstones, delete check). Run: npx tsx bench/delete-detection.ts [sessions] [messagesPerSession]
import { EventSource } from 'eventsource';
import PocketBase from 'pocketbase';

import { openReplica, Sync } from '../js/index.js';
import { generateOpenSync, opensyncSchema } from '../js/opensync/index.js';
import {
  loadDataset,
  loadDeployedDataset,
  startDeployedOpenSync,
  startPocketBase,
  type PocketBaseServer,
} from '../scripts/lib/pocketbase.js';
import { printTable } from './table.js';

(globalThis as { EventSource?: unknown }).EventSource ??= EventSource;
const sessions = Number(process.argv[2] ?? 10_000);
const perSession = Number(process.argv[3] ?? 20);
const password = 'password-1234';
// Sessions and messages only: the figure is about record counts, and parts add load time only.
const generated = generateOpenSync({
  users: 1,
  sessionsPerUser: sessions,
  messagesPerSession: perSession,
  seed: 7,
});
const data = { ...generated, parts: [], sessionEmbeddings: [], messageEmbeddings: [] };
const email = data.users[0]!.email as string;

// Counts the requests that reach `url` (the sync's and the SDK's both go through fetch).
let requests = 0;
const realFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  requests++;
  return realFetch(input, init);
};

async function signIn(url: string): Promise<PocketBase> {
  const pb = new PocketBase(url);
  pb.autoCancellation(false);
  await pb.collection('users').authWithPassword(email, password);
  return pb;
}

/** Requests of one reconnect: a new Sync's first pass on the synced replica. */
async function reconnect(replica: Awaited<ReturnType<typeof openReplica>>, pb: PocketBase) {
  const sync = new Sync(replica, { pb, realtime: false, logger: 'silent' });
  requests = 0;
  await sync.start();
  const total = requests;
  await sync.stop();
  return { total, deleteChecks: sync.metrics.deleteCheckRequests };
}

/** The baseline: every id of sessions and messages, a page of 1,000 at a time. */
async function listEveryId(pb: PocketBase): Promise<number> {
  requests = 0;
  for (const name of ['users', 'sessions', 'messages'])
    await pb.collection(name).getFullList({ batch: 1000, fields: 'id', sort: 'id', requestKey: null });
  return requests;
}

async function measure(label: string, server: PocketBaseServer, deletes: number) {
  const pb = await signIn(server.url);
  const replica = await openReplica({
    url: server.url,
    userId: pb.authStore.record!.id,
    schema: opensyncSchema,
  });
  const first = new Sync(replica, { pb, realtime: false, logger: 'silent' });
  await first.start();
  await first.stop();
  const quiet = await reconnect(replica, pb);
  // Deletes spread over the data: sessions (their messages cascade) and single messages.
  const spread = <T>(list: T[], i: number) => list[Math.floor(((i + 0.5) * list.length) / deletes)]!;
  for (let i = 0; i < deletes; i++) {
    if (i % 2) await server.admin.collection('sessions').delete(spread(data.sessions, i).id);
    else await server.admin.collection('messages').delete(spread(data.messages, i).id);
  }
  const afterDeletes = await reconnect(replica, pb);
  const baseline = await listEveryId(pb);
  const local = await replica.collection('messages').count();
  const remote = (await pb.collection('messages').getList(1, 1, { fields: 'id' })).totalItems;
  await replica.close();
  return { label, quiet, afterDeletes, baseline, converged: local === remote };
}

function report(r: Awaited<ReturnType<typeof measure>>): void {
  printTable(
    `Requests per reconnect to find deletes, ${r.label}: ${data.sessions.length.toLocaleString()} sessions, ${data.messages.length.toLocaleString()} messages`,
    'requests',
    [
      { name: 'baseline: list every id (1,000 per page)', value: r.baseline },
      {
        name: 'pocketlite, nothing deleted',
        value: r.quiet.deleteChecks,
        note: `whole reconnect pass: ${r.quiet.total} requests`,
      },
      {
        name: 'pocketlite, 10 records deleted',
        value: r.afterDeletes.deleteChecks,
        note: `whole pass: ${r.afterDeletes.total} requests; replica converged: ${r.converged}`,
      },
    ],
    false,
  );
}

for (const [label, start] of [
  ['without it (deployed schema)', startDeployedOpenSync],
  ['with the tombstones hook', startPocketBase],
] as const) {
  const server = await start();
  try {
    process.stdout.write(
      `${label}: loading ${data.sessions.length} sessions, ${data.messages.length} messages ... `,
    );
    const t = performance.now();
    if (label.startsWith('without')) await loadDeployedDataset(server, data, password);
    else
      await loadDataset(server, data, {
        password,
        batchSize: 500,
        collections: ['users', 'sessions', 'messages'],
      });
    console.log(`${((performance.now() - t) / 1000).toFixed(0)} s`);
    report(await measure(label, server, 10));
  } finally {
    await server.stop();
  }
}
