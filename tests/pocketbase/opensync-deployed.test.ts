// The OpenSync preset against the server OpenSync really runs: the schema its own migrations
// create (tests/fixtures/opensync-deployed-collections.json: generated collection and field ids,
// its rules and constraints) on a stock PocketBase with none of this project's additions (no
// tombstones, no public-session route, batch off). The replica binds by names, learns the
// server's ids, syncs both ways, finds deletes without tombstones, reports what the server lacks,
// and shows a schema mismatch or drift as a problem until a schema update brings the data back.
import type PocketBase from 'pocketbase';

import { newRecordId, openReplica, type Replica, Sync, type SyncErrorEvent } from '../../js/index.js';
import { generateOpenSync, opensyncSchema, SIZES } from '../../js/opensync/index.js';
import type { CollectionDefinition } from '../../js/schema-types.js';
import {
  DEPLOYED_OPENSYNC_COLLECTIONS,
  loadDeployedDataset,
  startDeployedOpenSync,
  type PocketBaseServer,
} from '../../scripts/lib/pocketbase.js';
import { expectConverged, PASSWORD, signIn, waitFor } from '../support/sync-harness.js';

const data = generateOpenSync({ ...SIZES.tiny, seed: 23 });
const user = data.users[0]!;
let server: PocketBaseServer;
let deployed: CollectionDefinition[];
const running: Array<{ sync: Sync; replica: Replica }> = [];

beforeAll(async () => {
  server = await startDeployedOpenSync();
  await loadDeployedDataset(server, data, PASSWORD);
  deployed = (await server.admin.collections.getFullList()) as unknown as CollectionDefinition[];
});
afterEach(async () => {
  for (const { sync, replica } of running.splice(0)) {
    await sync.stop();
    await replica.close();
  }
});
afterAll(() => server?.stop());

async function openSynced(
  pb: PocketBase,
  schema: unknown = opensyncSchema,
): Promise<{ sync: Sync; replica: Replica; errors: SyncErrorEvent[] }> {
  const replica = await openReplica({ url: server.url, userId: pb.authStore.record!.id, schema });
  const sync = new Sync(replica, { pb, retry: { baseMs: 50, maxMs: 500 } });
  await sync.start();
  running.push({ sync, replica });
  const errors: SyncErrorEvent[] = [];
  sync.onError((e) => errors.push(e)); // registered after the first pass: it still hears it
  return { sync, replica, errors };
}

/** The preset with one field changed (a mismatch) or removed (drift). */
function presetWith(collection: string, field: string, change: Record<string, unknown> | null): unknown {
  return opensyncSchema.map((c) =>
    c.name !== collection
      ? c
      : {
          ...c,
          fields: c.fields.flatMap((f) => (f.name !== field ? [f] : change ? [{ ...f, ...change }] : [])),
        },
  );
}

const serverId = (name: string) => deployed.find((c) => c.name === name)!.id;

test('the preset binds to the deployed schema by names and syncs every record', async () => {
  const pb = await signIn(server.url, user.email as string);
  const { sync, replica, errors } = await openSynced(pb);
  await expectConverged(replica, pb, DEPLOYED_OPENSYNC_COLLECTIONS);
  const sessions = await replica.collection('sessions').getFullList();
  expect(sessions.length).toBe(data.sessions.filter((s) => s.user === user.id).length);
  expect(sessions.length).toBeGreaterThan(0);
  // Records carry the server's generated ids, learned from what it sent.
  expect(sessions[0]!.collectionId).toBe(serverId('sessions'));
  expect(serverId('sessions')).toMatch(/^pbc_/);
  // What the server lacks is reported once, as capabilities and warnings, not as a loop of errors.
  expect(sync.status).toBe('live');
  expect(sync.capabilities).toMatchObject({
    tombstones: false,
    missingCollections: ['messageEmbeddings', 'sessionEmbeddings'],
  });
  expect(sync.problems.map((p) => [p.kind, p.severity, p.collection]).sort()).toEqual([
    ['missing', 'warning', 'messageEmbeddings'],
    ['missing', 'warning', 'sessionEmbeddings'],
  ]);
  await sync.syncNow();
  expect(errors.filter((e) => e.collection === 'sessionEmbeddings')).toHaveLength(1);
  // Live: a session written elsewhere arrives over realtime.
  const live = await server.admin
    .collection('sessions')
    .create({ user: user.id, externalId: 'from-cli', title: 'arrives live' });
  await waitFor(
    'the realtime create',
    async () =>
      (await replica.collection('sessions').getList(1, 1, { filter: `id = "${live.id}"` })).totalItems === 1,
  );
});

test('offline writes reach the deployed server without batch, and its deletes come back', async () => {
  const pb = await signIn(server.url, data.users[1]!.email as string);
  const { sync, replica } = await openSynced(pb);
  const me = pb.authStore.record!.id;
  await sync.stop();
  // Offline: a new session with a message and a part, an edit, and a delete.
  const id = newRecordId();
  await replica
    .collection('sessions')
    .create({ id, user: me, externalId: 'offline-1', title: 'written offline' });
  const message = await replica
    .collection('messages')
    .create({ session: id, externalId: 'offline-m', role: 'user', textContent: 'hello' });
  await replica
    .collection('parts')
    .create({ message: message.id, type: 'text', order: 1, content: { t: 'x' } });
  const [first, second] = await replica.collection('sessions').getFullList({ sort: 'externalId' });
  await replica.collection('sessions').update(first!.id, { title: 'renamed offline' });
  await replica.collection('sessions').delete(second!.id);
  const resumed = new Sync(replica, { pb, retry: { baseMs: 50, maxMs: 500 } });
  running.push({ sync: resumed, replica });
  await resumed.start();
  await resumed.flush();
  expect(resumed.capabilities.batch).toBe(false);
  expect((await replica.outbox()).length).toBe(0);
  expect((await pb.collection('sessions').getOne(id)).title).toBe('written offline');
  expect((await pb.collection('sessions').getOne(first!.id)).title).toBe('renamed offline');
  await expect(pb.collection('sessions').getOne(second!.id)).rejects.toMatchObject({ status: 404 });
  // Deleted on the server (no tombstones there): found by the next pass, the cascade with it.
  await server.admin.collection('sessions').delete(id);
  await resumed.syncNow();
  await expect(replica.collection('sessions').getOne(id)).rejects.toMatchObject({ status: 404 });
  await expect(replica.collection('messages').getOne(message.id)).rejects.toMatchObject({ status: 404 });
  await expectConverged(replica, pb, DEPLOYED_OPENSYNC_COLLECTIONS);
});

test('a record that does not fit is an error the status shows, and a schema update brings it back', async () => {
  const pb = await signIn(server.url, user.email as string);
  // The app's schema says sessions.model is a number; the server's sessions carry model names.
  const { sync, replica, errors } = await openSynced(pb, presetWith('sessions', 'model', { type: 'number' }));
  // The server sends every model as a string (an empty one too): every session is refused.
  const named = (await pb.collection('sessions').getFullList()).length;
  expect(named).toBeGreaterThan(0);
  expect(sync.status).toBe('error');
  // Each refusal counts (a catch-up pass sees recent records again); the problem counts records.
  expect(sync.metrics.recordsRejected).toBeGreaterThanOrEqual(named);
  const rejected = sync.problems.find((p) => p.kind === 'rejected')!;
  expect(rejected).toMatchObject({ severity: 'error', collection: 'sessions', field: 'model', count: named });
  expect(errors.some((e) => e.kind === 'apply' && e.collection === 'sessions' && e.field === 'model')).toBe(
    true,
  );
  // The app ships the fixed schema: the collection pulls again, the records land, the error clears.
  await replica.applySchema(opensyncSchema);
  await sync.syncNow();
  expect(await replica.collection('sessions').getFullList()).toHaveLength(named);
  expect(sync.problems.filter((p) => p.severity === 'error')).toEqual([]);
  expect(sync.status).toBe('live');
  await expectConverged(replica, pb, ['sessions']);
});

test('a field the schema lacks is reported as drift, and its values come back once the schema has it', async () => {
  const pb = await signIn(server.url, user.email as string);
  const { sync, replica } = await openSynced(pb, presetWith('sessions', 'summary', null));
  expect(sync.problems).toContainEqual(
    expect.objectContaining({ kind: 'drift', severity: 'warning', collection: 'sessions', field: 'summary' }),
  );
  expect(sync.status).toBe('live'); // nothing refused: the rest of each record syncs
  await replica.applySchema(opensyncSchema);
  await sync.syncNow();
  const withSummary = data.sessions.find((s) => s.user === user.id && s.summary !== '')!;
  expect((await replica.collection('sessions').getOne(withSummary.id)).summary).toBe(withSummary.summary);
  await expectConverged(replica, pb, ['sessions']);
});

test('refused records stay reported after a reload, and a collection without updated is refused by name', async () => {
  const pb = await signIn(server.url, user.email as string);
  const noUpdated = (presetWith('sessions', 'model', { type: 'number' }) as CollectionDefinition[]).map(
    (c) => (c.name === 'apiLogs' ? { ...c, fields: c.fields.filter((f) => f.name !== 'updated') } : c),
  );
  const replica = await openReplica({ url: server.url, userId: pb.authStore.record!.id, schema: noUpdated });
  const first = new Sync(replica, { pb });
  await first.start();
  await first.stop();
  const again = new Sync(replica, { pb });
  running.push({ sync: again, replica });
  await again.start();
  expect(again.status).toBe('error');
  expect(again.problems).toContainEqual(
    expect.objectContaining({ kind: 'rejected', collection: 'sessions', field: 'model' }),
  );
  expect(again.problems).toContainEqual(
    expect.objectContaining({ kind: 'unsyncable', severity: 'error', collection: 'apiLogs' }),
  );
  expect(again.problems.find((p) => p.collection === 'apiLogs')!.message).toMatch(/no 'updated'/);
});

test('without tombstones, deletes are found by comparing counts: O(log n) requests, not every id', async () => {
  const email = 'many@example.com';
  const userId = (
    await server.admin
      .collection('users')
      .create({ email, password: PASSWORD, passwordConfirm: PASSWORD, verified: true })
  ).id;
  const ids: string[] = [];
  for (let start = 0; start < 256; start += 32)
    ids.push(
      ...(
        await Promise.all(
          Array.from({ length: 32 }, (_, i) =>
            server.admin.collection('sessions').create({ user: userId, externalId: `bulk-${start + i}` }),
          ),
        )
      ).map((r) => r.id),
    );
  const pb = await signIn(server.url, email);
  const replica = await openReplica({ url: server.url, userId, schema: opensyncSchema });
  // Ranges of at most 8 records are listed: 256 sessions make a search 5 halvings deep.
  const sync = new Sync(replica, { pb, realtime: false, deleteCheckLeaf: 8 });
  running.push({ sync, replica });
  await sync.start();
  expect(await replica.collection('sessions').count()).toBe(256);
  // Nothing deleted: the tombstones probe (404 here) and one count per collection that holds
  // records (users, sessions).
  let before = sync.metrics.deleteCheckRequests;
  await sync.syncNow();
  expect(sync.metrics.deleteCheckRequests - before).toBe(3);
  // Three deletes, spread out: a few requests each, far fewer than listing 256 ids 8 at a time.
  const deleted = [ids[3]!, ids[130]!, ids[250]!];
  for (const id of deleted) await server.admin.collection('sessions').delete(id);
  before = sync.metrics.deleteCheckRequests;
  await sync.syncNow();
  const spent = sync.metrics.deleteCheckRequests - before;
  expect(await replica.collection('sessions').count()).toBe(253);
  for (const id of deleted)
    await expect(replica.collection('sessions').getOne(id)).rejects.toMatchObject({ status: 404 });
  expect(spent).toBeLessThanOrEqual(3 + deleted.length * (2 * Math.log2(256 / 8) + 2));
  expect(spent).toBeLessThan(256 / 8);
  await expectConverged(replica, pb, ['sessions']);
});

test('a replica opened without a schema is an error the status names, not "live"', async () => {
  const pb = await signIn(server.url, user.email as string);
  const replica = await openReplica({ url: server.url, userId: pb.authStore.record!.id });
  const sync = new Sync(replica, { pb, realtime: false });
  running.push({ sync, replica });
  await sync.start();
  expect(sync.status).toBe('error');
  expect(sync.problems).toEqual([
    expect.objectContaining({
      kind: 'unsyncable',
      severity: 'error',
      message: expect.stringMatching(/no collections/),
    }),
  ]);
});
