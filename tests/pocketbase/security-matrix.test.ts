// The API rules the project ships (pocketbase/pb_migrations), attacked by user B against user A's
// data on a real PocketBase, for every synced collection and every way in: list, view, create,
// update (including moving a relation or the owner to A), delete, batch, realtime, filters through
// relations and expand. Every attempt is refused, A's data is unchanged, and A's synced replica
// holds nothing B wrote.
import PocketBase from 'pocketbase';

import { openReplica, Sync } from '../../js/index.js';
import { opensyncSchema } from '../../js/opensync/index.js';
import { OPENSYNC_COLLECTIONS } from '../../scripts/lib/opensync-schema.js';
import { createUser, startPocketBase, type PocketBaseServer } from '../../scripts/lib/pocketbase.js';
import { PASSWORD, signIn, snapshots, waitFor } from '../support/sync-harness.js';

const SYNCED = OPENSYNC_COLLECTIONS;

let server: PocketBaseServer;
let a: PocketBase;
let b: PocketBase;
let aId: string;
let bId: string;
/** A's records, one per collection; B's own session, message and part. */
const mine: Record<string, string> = {};
const theirs: Record<string, string> = {};

beforeAll(async () => {
  server = await startPocketBase();
  aId = await createUser(server, 'owner-a@example.com', PASSWORD, {
    apiKey: 'osk_a_key_0000000000000000000000',
  });
  bId = await createUser(server, 'intruder-b@example.com', PASSWORD);
  a = await signIn(server.url, 'owner-a@example.com');
  b = await signIn(server.url, 'intruder-b@example.com');
  for (const [who, pb, out] of [
    [aId, a, mine],
    [bId, b, theirs],
  ] as const) {
    const tag = who === aId ? 'a' : 'b';
    out.sessions = (
      await pb.collection('sessions').create({ user: who, externalId: `${tag}-s`, title: tag })
    ).id;
    out.messages = (
      await pb.collection('messages').create({ session: out.sessions, externalId: `${tag}-m`, role: 'user' })
    ).id;
    out.parts = (await pb.collection('parts').create({ message: out.messages, type: 'text', order: 0 })).id;
    out.sessionEmbeddings = (
      await pb
        .collection('sessionEmbeddings')
        .create({ session: out.sessions, user: who, embedding: [0.1, 0.2] })
    ).id;
    out.messageEmbeddings = (
      await pb
        .collection('messageEmbeddings')
        .create({ message: out.messages, session: out.sessions, user: who, embedding: [0.3] })
    ).id;
    out.apiLogs = (await server.admin.collection('apiLogs').create({ user: who, endpoint: `/${tag}` })).id;
    out.users = who;
  }
});
afterAll(() => server?.stop());

/** Fails unless `attempt` is refused with 400, 403 or 404 (PocketBase's answers to a rule). */
async function refused(what: string, attempt: () => Promise<unknown>): Promise<void> {
  let status = 0;
  try {
    await attempt();
  } catch (error) {
    status = (error as { status?: number }).status ?? -1;
  }
  if (![400, 403, 404].includes(status))
    throw new Error(`${what}: expected a refusal, got ${status || 'success'}`);
}

/** A's records as the server holds them (read by the superuser). */
async function aState(): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const collection of SYNCED)
    out.push(await server.admin.collection(collection).getOne(mine[collection]!));
  return out;
}

test('B can neither see, nor change, nor plant anything in A’s data, by any route', async () => {
  const before = await aState();
  const relationOf: Record<string, Array<[string, string]>> = {
    sessions: [['user', aId]],
    messages: [['session', mine.sessions!]],
    parts: [['message', mine.messages!]],
    sessionEmbeddings: [
      ['user', aId],
      ['session', mine.sessions!],
    ],
    messageEmbeddings: [
      ['user', aId],
      ['session', mine.sessions!],
      ['message', mine.messages!],
    ],
  };
  const createBody: Record<string, Record<string, unknown>> = {
    sessions: { user: bId, externalId: 'b-planted' },
    messages: { session: theirs.sessions, externalId: 'b-planted', role: 'user' },
    parts: { message: theirs.messages, type: 'text', order: 1 },
    sessionEmbeddings: { user: bId, session: theirs.sessions, embedding: [1] },
    messageEmbeddings: { user: bId, session: theirs.sessions, message: theirs.messages, embedding: [1] },
    apiLogs: { user: bId, endpoint: '/b' },
  };

  for (const collection of SYNCED) {
    const service = b.collection(collection);
    const target = mine[collection]!;
    // list and view
    const listed = await service.getFullList({ requestKey: null });
    expect(listed.map((r) => r.id)).not.toContain(target);
    await refused(`${collection}: view A's record`, () => service.getOne(target, { requestKey: null }));
    // update and delete A's record
    await refused(`${collection}: update A's record`, () =>
      service.update(target, collection === 'users' ? { name: 'b was here' } : { embedding: [9] }),
    );
    await refused(`${collection}: delete A's record`, () => service.delete(target));
  }

  for (const [collection, relations] of Object.entries(relationOf)) {
    const service = b.collection(collection);
    for (const [field, value] of relations) {
      // create pointing at A (owner or parent), and move B's own record there
      await refused(`${collection}: create with ${field} of A`, () =>
        service.create({ ...createBody[collection], [field]: value }),
      );
      await refused(`${collection}: move B's record's ${field} to A`, () =>
        service.update(theirs[collection]!, { [field]: value }),
      );
      // the same through the batch API
      const batch = b.createBatch();
      batch.collection(collection).update(theirs[collection]!, { [field]: value });
      await refused(`${collection}: batch move of ${field}`, () => batch.send());
      const planting = b.createBatch();
      planting.collection(collection).create({ ...createBody[collection], [field]: value });
      await refused(`${collection}: batch create with ${field} of A`, () => planting.send());
    }
  }
  await refused('apiLogs: create as a user', () => b.collection('apiLogs').create(createBody.apiLogs!));
  await refused("users: take A's API key", () =>
    b.collection('users').update(bId, { apiKey: 'osk_a_key_0000000000000000000000' }),
  );
  await refused('users: upsert A through the batch API', async () => {
    const batch = b.createBatch();
    batch.collection('users').upsert({ id: aId, name: 'b was here' });
    await batch.send();
  });

  // Filters through relations and expand see nothing of A.
  expect(await b.collection('messages').getFullList({ filter: `session.user = "${aId}"` })).toEqual([]);
  expect(await b.collection('parts').getFullList({ filter: `message.session.user = "${aId}"` })).toEqual([]);
  expect(await b.collection('sessions').getFullList({ filter: `user.email ~ "owner-a"` })).toEqual([]);
  const expanded = await b.collection('parts').getFullList({ expand: 'message.session.user' });
  expect(JSON.stringify(expanded)).not.toContain(aId);
  const tombstones = await b.collection('tombstones').getFullList();
  expect(tombstones.every((t) => t.owner === bId)).toBe(true);

  expect(await aState()).toEqual(before);
});

test('realtime: B is told nothing of A’s changes', async () => {
  const seen: string[] = [];
  const listener = new PocketBase(server.url);
  listener.authStore.save(b.authStore.token, b.authStore.record);
  for (const collection of SYNCED.filter((c) => c !== 'users'))
    await listener.collection(collection).subscribe('*', (e) => seen.push(`${collection}:${e.record.id}`));
  await listener.collection('sessions').subscribe(mine.sessions!, (e) => seen.push(`one:${e.record.id}`));
  await a.collection('sessions').update(mine.sessions!, { title: 'a changed' });
  const extra = await a
    .collection('messages')
    .create({ session: mine.sessions, externalId: 'a-m2', role: 'user' });
  await a.collection('messages').delete(extra.id);
  // B's own change arrives, so the stream was live while A's went by unseen.
  await b.collection('sessions').update(theirs.sessions!, { title: 'b changed' });
  await waitFor('B’s own event', () => seen.includes(`sessions:${theirs.sessions}`));
  expect(seen.filter((s) => !s.endsWith(theirs.sessions!))).toEqual([]);
  listener.realtime.unsubscribe();
});

test('A’s synced replica holds exactly what A may see, nothing B wrote', async () => {
  const replica = await openReplica({ url: server.url, userId: aId, schema: opensyncSchema });
  const sync = new Sync(replica, { pb: a, realtime: false, logger: 'silent' });
  await sync.start();
  const { server: visible, local } = await snapshots(replica, a, SYNCED);
  expect(local).toEqual(visible);
  for (const collection of SYNCED) {
    const records = await replica.collection(collection).getFullList();
    expect(records.length).toBeGreaterThan(0);
    expect(JSON.stringify(records)).not.toContain(bId);
  }
  await sync.stop();
  await replica.close();
});
