// The sync against a real PocketBase: pull with progress and cursors, realtime, the outbox (batch
// and one by one), replayed creates, refused writes, field-level merges, offline deletes
// (tombstones and reconciliation), auth loss, user switches and bad server data.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import PocketBase from 'pocketbase';

import {
  newRecordId,
  openReplica,
  type ChangeEvent,
  type Replica,
  Sync,
  type SyncErrorEvent,
  type SyncOptions,
  type SyncProgress,
} from '../../js/index.js';
import { generateOpenSync, opensyncSchema, SIZES } from '../../js/opensync/index.js';
import { NodeFsStore } from '../../js/storage/node-fs.js';
import { OPENSYNC_COLLECTIONS } from '../../scripts/lib/opensync-schema.js';
import {
  createUser,
  loadDataset,
  startPocketBase,
  type PocketBaseServer,
} from '../../scripts/lib/pocketbase.js';
import { expectConverged, PASSWORD, signIn, waitFor } from '../support/sync-harness.js';

const data = generateOpenSync({ ...SIZES.tiny, seed: 11 });
let server: PocketBaseServer;
const running: Array<{ sync: Sync; replica: Replica }> = [];

beforeAll(async () => {
  server = await startPocketBase();
  await loadDataset(server, data, { password: PASSWORD });
});
afterEach(async () => {
  for (const { sync, replica } of running.splice(0)) {
    await sync.stop();
    await replica.close();
  }
});
afterAll(() => server?.stop());

let userCount = 0;
/** A fresh user with one session, signed in. */
async function freshUser(): Promise<{ pb: PocketBase; userId: string; sessionId: string }> {
  const email = `sync${++userCount}@example.com`;
  const userId = await createUser(server, email, PASSWORD);
  const session = await server.admin
    .collection('sessions')
    .create({ user: userId, externalId: `ext-${userCount}`, title: 'first', summary: 's0', totalTokens: 1 });
  return { pb: await signIn(server.url, email), userId, sessionId: session.id };
}

async function openSynced(
  pb: PocketBase,
  options: Partial<SyncOptions> & { storageDir?: string } = {},
): Promise<{ sync: Sync; replica: Replica; errors: SyncErrorEvent[] }> {
  const { storageDir, ...syncOptions } = options;
  const replica = await openReplica({
    url: server.url,
    userId: pb.authStore.record!.id,
    schema: opensyncSchema,
    storage: storageDir ? new NodeFsStore(storageDir) : 'memory',
  });
  const errors: SyncErrorEvent[] = [];
  const sync = new Sync(replica, {
    pb,
    retry: { baseMs: 50, maxMs: 500 },
    ...syncOptions,
  });
  sync.onError((e) => errors.push(e));
  await sync.start();
  running.push({ sync, replica });
  return { sync, replica, errors };
}

test("only a superuser's sync asks for the server schema: a user's start sends no request the server refuses", async () => {
  const asked = (pb: PocketBase) => {
    const urls: string[] = [];
    pb.beforeSend = (url, options) => (urls.push(url), { url, options });
    return () => urls.filter((url) => new URL(url).pathname === '/api/collections');
  };
  const { pb } = await freshUser();
  const userAsked = asked(pb);
  await openSynced(pb, { realtime: false });
  expect(userAsked()).toEqual([]);

  const admin = new PocketBase(server.url);
  admin.authStore.save(server.admin.authStore.token, server.admin.authStore.record);
  const adminAsked = asked(admin);
  await openSynced(admin, { realtime: false, collections: ['users'] });
  expect(adminAsked()).toHaveLength(1);
});

test('the initial sync pulls exactly what the user may see, with progress, and resumes from cursors', async () => {
  const user = data.users[0]!;
  const pb = await signIn(server.url, user.email as string);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pocketlite-sync-'));
  const replica = await openReplica({
    url: server.url,
    userId: user.id,
    schema: opensyncSchema,
    storage: new NodeFsStore(dir),
  });
  const progress: SyncProgress[] = [];
  const sync = new Sync(replica, { pb, perPage: 7, realtime: false });
  sync.onProgress((p) => progress.push(p));
  await sync.start();
  await expectConverged(replica, pb, OPENSYNC_COLLECTIONS);
  const own = data.sessions.filter((s) => s.user === user.id).length;
  expect(await replica.collection('sessions').count()).toBe(own);
  expect(await replica.collection('sessions').count(`user != "${user.id}"`)).toBe(0);
  // Progress per collection, page by page, up to the server's total.
  const messages = progress.filter((p) => p.collection === 'messages');
  expect(messages.length).toBeGreaterThan(1);
  expect(messages.at(-1)!.done).toBe(messages.at(-1)!.total);
  expect(messages.at(-1)!.done).toBe(await replica.collection('messages').count());
  // One bar for the whole pass: known from the first page, growing to the records the user has.
  let all = 0;
  for (const name of OPENSYNC_COLLECTIONS) all += await replica.collection(name).count();
  expect(progress.every((p) => p.overall?.total === all)).toBe(true);
  const done = progress.map((p) => p.overall!.done);
  expect(done).toEqual([...done].sort((a, b) => a - b));
  expect(done.at(-1)).toBe(all);
  expect(progress.at(-1)!.overall!.etaMs).toBe(0);
  // The bar's fraction, weighted by record size, grows to 1 with the records.
  const fractions = progress.map((p) => p.overall!.fraction);
  expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
  expect(fractions.at(-1)).toBe(1);
  expect(progress.slice(0, -1).some((p) => (p.overall!.etaMs ?? 0) > 0)).toBe(true);
  const pagesFirst = sync.metrics.pagesPulled;
  const recordsFirst = sync.metrics.recordsPulled;
  await sync.stop();
  await replica.close();

  // Reopened from disk: the cursors hold, so a catch-up pulls only the overlap window.
  const again = await openReplica({ url: server.url, userId: user.id, storage: new NodeFsStore(dir) });
  const resumed = new Sync(again, { pb, perPage: 7, realtime: false, overlapMs: 0 });
  const reapplied: ChangeEvent[] = [];
  again.onChange((e) => reapplied.push(e));
  await resumed.start();
  expect(resumed.metrics.pagesPulled).toBeLessThan(pagesFirst);
  // Only records stamped in the cursor's millisecond come again, and as duplicates.
  expect(resumed.metrics.recordsPulled).toBeLessThan(recordsFirst / 2);
  expect(reapplied).toEqual([]);
  const catchUp: SyncProgress[] = [];
  resumed.onProgress((p) => catchUp.push(p));
  await resumed.syncNow();
  expect(catchUp.length).toBeGreaterThan(0);
  expect(catchUp.every((p) => p.overall === undefined)).toBe(true); // no extra counting after the first sync
  await resumed.stop();
  await again.close();
});

test('collections are fetched at once and applied parents first', async () => {
  const user = data.users[0]!;
  const pb = await signIn(server.url, user.email as string);
  const replica = await openReplica({ url: server.url, userId: user.id, schema: opensyncSchema });
  const inFlight = new Map<string, number>();
  let overlapped = 0;
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const list = /\/api\/collections\/(\w+)\/records\?.*sort=updated/.exec(String(input))?.[1];
    if (!list) return realFetch(input, init);
    inFlight.set(list, (inFlight.get(list) ?? 0) + 1);
    if ([...inFlight.values()].filter((n) => n > 0).length > 1) overlapped++;
    try {
      return await realFetch(input, init);
    } finally {
      inFlight.set(list, inFlight.get(list)! - 1);
    }
  };
  const appliedPages: string[] = []; // the collection of each page applied, in order
  const sync = new Sync(replica, { pb, perPage: 2, realtime: false, tombstones: false });
  sync.onProgress((p) => appliedPages.push(p.collection));
  try {
    await sync.start();
  } finally {
    globalThis.fetch = realFetch;
    await sync.stop();
  }
  await expectConverged(replica, pb, OPENSYNC_COLLECTIONS);
  await replica.close();
  expect(overlapped).toBeGreaterThan(0); // two collections' pages were on the wire together
  // How far ahead of its apply a collection is fetched: tests/pocketbase/read-ahead.test.ts.
  // Applied one collection after another, each relation's target first.
  const order = appliedPages.filter((c, i, all) => all[i - 1] !== c);
  expect(new Set(order).size).toBe(order.length);
  expect(order.indexOf('sessions')).toBeLessThan(order.indexOf('messages'));
  expect(order.indexOf('messages')).toBeLessThan(order.indexOf('parts'));
});

test("headFirst applies a collection's newest records before its oldest-first pull, and the pull still converges", async () => {
  const user = data.users[1]!;
  const pb = await signIn(server.url, user.email as string);
  const replica = await openReplica({ url: server.url, userId: user.id, schema: opensyncSchema });
  const appliedSessions: string[] = []; // sessions in the order they reached the replica
  replica.onChange((e) => e.collection === 'sessions' && appliedSessions.push(e.id));
  const sync = new Sync(replica, {
    pb,
    perPage: 2,
    realtime: false,
    tombstones: false,
    headFirst: { sessions: 3 },
  });
  try {
    await sync.start();
  } finally {
    await sync.stop();
  }
  await expectConverged(replica, pb, OPENSYNC_COLLECTIONS);
  const { items } = await pb.collection('sessions').getList(1, 3, { sort: '-updated,-id', requestKey: null });
  const newest = items.map((s) => s.id);
  expect(newest).toHaveLength(3);
  expect(appliedSessions.slice(0, 3)).toEqual(newest);
  // Each session changed the replica once: the pull found the head's records unchanged.
  expect(new Set(appliedSessions).size).toBe(appliedSessions.length);
  await replica.close();
});

test('realtime events reach live queries and change events; a server delete cascades locally', async () => {
  const { pb, userId, sessionId } = await freshUser();
  const { sync, replica } = await openSynced(pb);
  await waitFor('live', () => sync.status === 'live');
  const changes: ChangeEvent[] = [];
  replica.onChange((e) => changes.push(e));
  let titles: string[] = [];
  replica
    .collection('sessions')
    .watchList(1, 50, { sort: 'created' }, (page) => (titles = page.items.map((s) => s.title as string)));

  await server.admin.collection('sessions').update(sessionId, { title: 'renamed on the server' });
  await waitFor('the update', () => titles.includes('renamed on the server'));
  const message = await server.admin
    .collection('messages')
    .create({ session: sessionId, externalId: `m-${userId}`, role: 'user' });
  await waitFor('the message', async () => (await replica.collection('messages').count()) === 1);
  expect(
    changes.some((e) => e.type === 'sessions:updated' && e.origin === 'server' && e.id === sessionId),
  ).toBe(true);

  await server.admin.collection('sessions').delete(sessionId);
  await waitFor('the delete', async () => (await replica.collection('sessions').count()) === 0);
  await waitFor('the cascade', async () => (await replica.collection('messages').count()) === 0);
  expect(changes.some((e) => e.type === 'sessions:deleted' && e.id === sessionId)).toBe(true);
  expect(changes.some((e) => e.type === 'messages:deleted' && e.id === message.id)).toBe(true);
  expect(sync.metrics.eventsReceived).toBeGreaterThanOrEqual(3);
});

describe.each([
  ['through the batch API', 'auto' as const],
  ['one by one', false as const],
])('local writes reach the server %s', (_name, batch) => {
  test('create, update (only changed fields) and delete', async () => {
    const { pb, userId, sessionId } = await freshUser();
    const { sync, replica } = await openSynced(pb, { batch, realtime: false });
    const sessions = replica.collection('sessions');
    const created = await sessions.create({
      user: userId,
      externalId: 'local-1',
      title: 'made offline',
      source: 'claude-code',
    });
    expect(created.id).toMatch(/^[a-z0-9]{15}$/);
    expect((await sessions.syncState(created.id)).state).not.toBe('synced');
    await sessions.update(sessionId, { title: 'edited locally' });
    await sessions.update(sessionId, { totalTokens: 42 });
    const message = await replica
      .collection('messages')
      .create({ session: created.id, externalId: `lm-${userId}`, role: 'assistant', textContent: 'hi' });
    await sync.flush();
    expect(await replica.outbox()).toEqual([]);
    expect((await sessions.syncState(created.id)).state).toBe('synced');
    const remote = await pb.collection('sessions').getOne(created.id);
    expect(remote.title).toBe('made offline');
    expect((await pb.collection('sessions').getOne(sessionId)).totalTokens).toBe(42);
    expect((await pb.collection('messages').getOne(message.id)).textContent).toBe('hi');
    // The server's timestamps replaced the local ones.
    expect((await sessions.getOne(created.id)).created).toBe(remote.created);

    await sessions.delete(created.id);
    expect(await replica.collection('messages').count()).toBe(0); // cascaded locally at once
    await sync.flush();
    await expect(pb.collection('sessions').getOne(created.id)).rejects.toMatchObject({ status: 404 });
    await expect(pb.collection('messages').getOne(message.id)).rejects.toMatchObject({ status: 404 });
    expect(sync.metrics.outboxSent).toBeGreaterThanOrEqual(4);
    await expectConverged(replica, pb, ['sessions', 'messages']);
  });
});

test("each batch's answers are applied in one engine call before the next batch is sent", async () => {
  const { pb, userId } = await freshUser();
  const replica = await openReplica({ url: server.url, userId, schema: opensyncSchema });
  const sessions = replica.collection('sessions');
  for (let i = 0; i < 12; i++)
    await sessions.create({ user: userId, externalId: `pipe-${i}`, title: `t${i}` });
  const sync = new Sync(replica, { pb, batch: true, batchSize: 5, realtime: false, logger: 'silent' });
  running.push({ sync, replica });
  const events: string[] = [];
  const engine = replica.syncAccess().engine;
  const ack = engine.outboxAck.bind(engine);
  engine.outboxAck = (acks) => {
    events.push(`ack ${acks.length}`);
    ack(acks);
  };
  const realFetch = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    if (String(input).endsWith('/api/batch')) events.push('send');
    return realFetch(input, init);
  };
  try {
    await sync.flush();
  } finally {
    globalThis.fetch = realFetch;
  }
  expect(events).toEqual(['send', 'ack 5', 'send', 'ack 5', 'send', 'ack 2']);
  expect(await replica.outbox()).toEqual([]);
  const remote = await pb.collection('sessions').getFullList({ filter: 'externalId ~ "pipe-"' });
  expect(remote.map((r) => r.title).sort()).toEqual(
    (await sessions.getFullList({ filter: 'externalId ~ "pipe-"' })).map((r) => r.title).sort(),
  );
  expect(remote).toHaveLength(12);
});

test('a create replayed after a lost response is recognised as applied', async () => {
  const { pb, userId } = await freshUser();
  const { sync, replica } = await openSynced(pb, { realtime: false });
  // The first send landed but its answer never came back: the server has the record already,
  // and the replica still has the create queued.
  const id = newRecordId();
  await server.admin
    .collection('sessions')
    .create({ id, user: userId, externalId: 'replayed', title: 'once' });
  await replica.collection('sessions').create({ id, user: userId, externalId: 'replayed', title: 'once' });
  await sync.flush();
  expect(await replica.outbox()).toEqual([]);
  expect((await pb.collection('sessions').getFullList({ filter: 'externalId = "replayed"' })).length).toBe(1);
  expect(sync.metrics.outboxFailed).toBe(0);
  expect((await replica.collection('sessions').getOne(id)).created).toBe(
    (await pb.collection('sessions').getOne(id)).created,
  );
});

test('a refused write is reverted to the server state, listed as failed, reported, and can be retried', async () => {
  const { pb, userId, sessionId } = await freshUser();
  const other = await createUser(server, `other${userId}@example.com`, PASSWORD);
  const theirs = await server.admin.collection('sessions').create({ user: other, externalId: `s-${userId}` });
  await server.admin
    .collection('messages')
    .create({ session: theirs.id, externalId: `taken-${userId}`, role: 'user' });
  const { sync, replica, errors } = await openSynced(pb, { realtime: false });
  const sessions = replica.collection('sessions');
  const messages = replica.collection('messages');
  // Locally valid (the replica checks rules and constraints, not unique indexes over rows it does
  // not hold), refused by the server: another user's message has this externalId.
  const foreign = await messages.create({ session: sessionId, externalId: `taken-${userId}`, role: 'user' });
  await sessions.update(sessionId, { title: 'fine' });
  await sync.flush();
  await expect(messages.getOne(foreign.id)).rejects.toMatchObject({ status: 404 });
  expect((await messages.syncState(foreign.id)).state).toBe('failed');
  expect((await pb.collection('sessions').getOne(sessionId)).title).toBe('fine'); // the rest went through
  const failed = await replica.outbox('failed');
  expect(failed).toHaveLength(1);
  expect(failed[0]).toMatchObject({ op: 'create', recordId: foreign.id, error: { status: 400 } });
  expect(errors.some((e) => e.kind === 'push' && e.id === foreign.id)).toBe(true);

  // Retrying re-applies it locally and sends it again (refused again); discarding forgets it.
  await replica.retryFailed(failed[0]!.seq);
  expect((await messages.getOne(foreign.id)).externalId).toBe(`taken-${userId}`);
  await sync.flush();
  const again = await replica.outbox('failed');
  expect(again).toHaveLength(1);
  await replica.discardFailed(again[0]!.seq);
  expect(await replica.outbox()).toEqual([]);
  await expectConverged(replica, pb, ['sessions', 'messages']);
});

test('concurrent edits converge: server fields are kept, both-sided fields go to the last writer', async () => {
  const { pb, sessionId } = await freshUser();
  const second = await signIn(server.url, pb.authStore.record!.email as string);
  const a = await openSynced(pb, { realtime: false });
  const b = await openSynced(second, { realtime: false });
  await b.sync.stop(); // b goes offline
  await b.replica
    .collection('sessions')
    .update(sessionId, { title: 'b offline title', summary: 'b summary' });
  await a.replica.collection('sessions').update(sessionId, { title: 'a title' });
  await a.sync.flush();
  await server.admin.collection('sessions').update(sessionId, { evalNotes: 'direct writer', totalTokens: 7 });
  // b reconnects: it pulls the server's fields, keeps its own pending ones, then sends them.
  const b2 = new Sync(b.replica, { pb: second, realtime: false });
  await b2.start();
  await a.sync.syncNow();
  await b2.syncNow();
  for (const replica of [a.replica, b.replica]) {
    const s = await replica.collection('sessions').getOne(sessionId);
    expect([s.title, s.summary, s.evalNotes, s.totalTokens]).toEqual([
      'b offline title',
      'b summary',
      'direct writer',
      7,
    ]);
  }
  await expectConverged(a.replica, pb, ['sessions']);
  await expectConverged(b.replica, second, ['sessions']);
  await b2.stop();
});

test('a per-collection resolver decides fields changed on both sides', async () => {
  const { pb, sessionId } = await freshUser();
  const { sync, replica } = await openSynced(pb, {
    realtime: false,
    resolve: { sessions: (c) => (c.field === 'title' ? `${c.server} + ${c.local}` : undefined) },
  });
  await sync.stop();
  await replica.collection('sessions').update(sessionId, { title: 'local' });
  await server.admin.collection('sessions').update(sessionId, { title: 'server' });
  const resumed = new Sync(replica, {
    pb,
    realtime: false,
    resolve: { sessions: (c) => (c.field === 'title' ? `${c.server} + ${c.local}` : undefined) },
  });
  await resumed.start();
  await waitFor(
    'the merged title on the server',
    async () => (await pb.collection('sessions').getOne(sessionId)).title === 'server + local',
  );
  await resumed.syncNow();
  expect((await replica.collection('sessions').getOne(sessionId)).title).toBe('server + local');
  await resumed.stop();
});

test('deletes made while offline arrive through tombstones, and through reconciliation without them', async () => {
  const { pb, userId, sessionId } = await freshUser();
  const message = await server.admin
    .collection('messages')
    .create({ session: sessionId, externalId: `om-${userId}`, role: 'user' });
  const spare = await server.admin
    .collection('sessions')
    .create({ user: userId, externalId: 'spare', title: 'spare' });
  const withTombstones = await openSynced(pb, { realtime: false });
  const withoutTombstones = await openSynced(pb, { realtime: false, tombstones: false });
  await withTombstones.sync.stop();
  await withoutTombstones.sync.stop();
  await server.admin.collection('sessions').delete(sessionId); // cascades to the message
  const other = await createUser(server, `moved${userId}@example.com`, PASSWORD);
  await server.admin.collection('sessions').update(spare.id, { user: other }); // leaves the list rule

  for (const [replica, options] of [
    [withTombstones.replica, {}],
    [withoutTombstones.replica, { tombstones: false as const }],
  ] as const) {
    const sync = new Sync(replica, { pb, realtime: false, ...options });
    await sync.start();
    await expect(replica.collection('sessions').getOne(sessionId)).rejects.toMatchObject({ status: 404 });
    await expect(replica.collection('messages').getOne(message.id)).rejects.toMatchObject({ status: 404 });
    if (options.tombstones === false) {
      // Only the id sets show a row that left the list rule.
      await expect(replica.collection('sessions').getOne(spare.id)).rejects.toMatchObject({ status: 404 });
    } else {
      await sync.reconcile();
      await expect(replica.collection('sessions').getOne(spare.id)).rejects.toMatchObject({ status: 404 });
    }
    await expectConverged(replica, pb, ['sessions', 'messages']);
    await sync.stop();
  }
});

test('a revoked token pauses the sync without reverting writes; signing in again resumes it', async () => {
  const { pb, userId, sessionId } = await freshUser();
  const { sync, replica } = await openSynced(pb, { realtime: false });
  const statuses: string[] = [];
  sync.onStatus((s) => statuses.push(s.status));
  // A password change regenerates the token key: the old token silently becomes a guest's.
  await server.admin
    .collection('users')
    .update(userId, { password: 'new-password-1', passwordConfirm: 'new-password-1' });
  const created = await replica
    .collection('sessions')
    .create({ user: userId, externalId: 'while-revoked', title: 'kept' });
  await sync.flush();
  expect(sync.status).toBe('paused');
  expect((await replica.collection('sessions').getOne(created.id)).title).toBe('kept');
  expect((await replica.collection('sessions').syncState(created.id)).state).toBe('pending');
  expect(await replica.collection('sessions').count()).toBe(2); // nothing deleted for the empty lists
  await pb.collection('users').authWithPassword(pb.authStore.record!.email as string, 'new-password-1');
  await waitFor('the write after re-auth', async () => (await replica.outbox()).length === 0);
  expect((await pb.collection('sessions').getOne(created.id)).title).toBe('kept');
  expect(statuses).toContain('paused');
  expect(await replica.collection('sessions').getOne(sessionId)).toBeTruthy();
});

test('switching users pauses the sync and never mixes their rows; logout can wipe the replica', async () => {
  const first = await freshUser();
  const second = await freshUser();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pocketlite-switch-'));
  const { sync, replica } = await openSynced(first.pb, { realtime: false, storageDir: dir });
  await first.pb.collection('users').authWithPassword(second.pb.authStore.record!.email as string, PASSWORD);
  expect(sync.status).toBe('paused');
  await sync.syncNow();
  expect(await replica.collection('sessions').count(`user = "${second.userId}"`)).toBe(0);
  expect(await replica.collection('sessions').count()).toBe(1);
  running.pop();
  await sync.logout({ wipe: true });
  expect(first.pb.authStore.token).toBe('');
  expect(fs.readdirSync(dir)).toEqual([]);
});

test('a user switch in the middle of a pull stops it before another user’s pages arrive', async () => {
  const first = await freshUser();
  const second = await freshUser();
  for (let i = 0; i < 6; i++)
    await server.admin
      .collection('sessions')
      .create({ user: second.userId, externalId: `b-${i}`, title: `b ${i}` });
  const replica = await openReplica({ url: server.url, userId: first.userId, schema: opensyncSchema });
  const sync = new Sync(replica, { pb: first.pb, perPage: 1, realtime: false, logger: 'silent' });
  running.push({ sync, replica });
  // The SDK signs in as the second user while the first user's pull is under way.
  const off = sync.onProgress(() => {
    off();
    first.pb.authStore.save(second.pb.authStore.token, second.pb.authStore.record);
  });
  await sync.start();
  expect(sync.status).toBe('paused');
  expect(await replica.collection('sessions').count(`user = "${second.userId}"`)).toBe(0);
  expect(await replica.collection('users').count(`id = "${second.userId}"`)).toBe(0);
});

test('bad server data produces clear error events and the rest of the sync goes on', async () => {
  const { pb, userId } = await freshUser();
  // A replica whose schema disagrees with the server's (a number field where the server keeps
  // text), and a collection the server lacks.
  const strict = structuredClone(opensyncSchema).map((c) =>
    c.name !== 'sessions'
      ? c
      : { ...c, fields: c.fields.map((f) => (f.name === 'summary' ? { ...f, type: 'number' } : f)) },
  );
  strict.push({
    id: 'pbc_ghost',
    name: 'ghosts',
    type: 'base',
    fields: [{ id: 'f1', name: 'x', type: 'text' }],
  });
  const replica = await openReplica({ url: server.url, userId, schema: strict });
  const errors: SyncErrorEvent[] = [];
  const sync = new Sync(replica, { pb, realtime: false });
  sync.onError((e) => errors.push(e));
  await sync.start();
  running.push({ sync, replica });
  const bad = errors.find((e) => e.kind === 'apply' && e.collection === 'sessions');
  expect(bad?.field).toBe('summary');
  expect(bad?.message).toMatch(/does not fit 'sessions'/);
  // ghosts has no `updated` to page by: refused by name, with the reason.
  const ghost = errors.find((e) => e.collection === 'ghosts');
  expect(ghost).toMatchObject({ kind: 'schema', message: expect.stringMatching(/no 'updated'/) });
  expect(sync.status).toBe('error');
  expect(sync.problems.map((p) => [p.kind, p.collection, p.field])).toEqual([
    ['rejected', 'sessions', 'summary'],
    ['unsyncable', 'ghosts', undefined],
  ]);
  expect(await replica.collection('sessions').count()).toBe(0);
  expect(await replica.collection('users').count()).toBe(1); // the other collections synced
});
