// The sync never draws a destructive conclusion (deleted, refused, signed out) from an ambiguous
// answer. Each test reproduces one way a fault nobody had scripted lost or resurrected data, on a
// real PocketBase: a revoked session, an auth refresh answered 503 or cut short, a create applied
// but not acknowledged, a record deleted and created again with its id, a tombstone committed out
// of order, a replayed batch. Faults a real server cannot produce on demand (a 503, a lost or
// cut answer) come from the per-request fault proxy (scripts/lib/http-fault-proxy.ts).
import PocketBase, { type RecordModel } from 'pocketbase';

import {
  openReplica,
  seededRandom,
  Sync,
  type Replica,
  type SyncErrorEvent,
  type SyncOptions,
} from '../../js/index.js';
import { opensyncSchema } from '../../js/opensync/index.js';
import { startHttpFaultProxy, type HttpFaultProxy } from '../../scripts/lib/http-fault-proxy.js';
import { createUser, startPocketBase, type PocketBaseServer } from '../../scripts/lib/pocketbase.js';
import { expectConverged, PASSWORD, signIn, waitFor } from '../support/sync-harness.js';

// Test only: lets the test move a tombstone's `updated` back in time, as a transaction that
// committed late would have left it (the API always stamps now).
const BACKDATE_TOMBSTONE = `
routerAdd('POST', '/api/test/backdate-tombstone', (e) => {
  if (!e.hasSuperuserAuth()) throw new ForbiddenError('superusers only');
  const body = e.requestInfo().body;
  e.app.db().newQuery('UPDATE tombstones SET updated = {:updated} WHERE id = {:id}')
    .bind({ id: String(body.id), updated: String(body.updated) }).execute();
  return e.json(200, {});
});`;

let server: PocketBaseServer;
let proxy: HttpFaultProxy;
let users = 0;

beforeAll(async () => {
  server = await startPocketBase({ extraHooks: { 'backdate_tombstone.pb.js': BACKDATE_TOMBSTONE } });
  proxy = await startHttpFaultProxy(server.url);
});
afterAll(async () => {
  await proxy?.close();
  await server?.stop();
});
afterEach(() => proxy.clear());

interface Client {
  email: string;
  userId: string;
  /** The client's SDK, through the fault proxy. */
  pb: PocketBase;
  /** The same user, straight to the server: the test's view of the truth. */
  direct: PocketBase;
  replica: Replica;
  sync: Sync;
  errors: SyncErrorEvent[];
}

async function client(options: Partial<SyncOptions> = {}): Promise<Client> {
  const email = `adv${++users}@example.com`;
  const userId = await createUser(server, email, PASSWORD);
  const direct = await signIn(server.url, email);
  const pb = new PocketBase(proxy.url);
  pb.autoCancellation(false);
  pb.authStore.save(direct.authStore.token, direct.authStore.record);
  const replica = await openReplica({ url: server.url, userId, schema: opensyncSchema });
  const sync = new Sync(replica, {
    pb,
    realtime: false,
    logger: 'silent',
    retry: { baseMs: 20, maxMs: 200 },
    random: seededRandom(users),
    ...options,
  });
  const errors: SyncErrorEvent[] = [];
  sync.onError((e) => errors.push(e));
  await sync.start();
  return { email, userId, pb, direct, replica, sync, errors };
}

/** Revokes every token of the user: PocketBase then answers its requests as a guest's. */
async function revokeSessions(c: Client, password: string): Promise<void> {
  await server.admin.collection('users').update(c.userId, { password, passwordConfirm: password });
}

async function session(c: Client, externalId: string, title = externalId) {
  return c.replica.collection('sessions').create({ user: c.userId, externalId, title });
}

async function close(c: Client): Promise<void> {
  await c.sync.stop();
  await c.replica.close();
}

test('a revoked session pauses the sync: queued updates and deletes wait for the next sign-in', async () => {
  const c = await client();
  const kept = await session(c, 'revoked-kept');
  const doomed = await session(c, 'revoked-doomed');
  await c.sync.flush();
  expect(await c.replica.outbox()).toEqual([]);

  await revokeSessions(c, 'password-revoked-1');
  await c.replica.collection('sessions').update(kept.id, { title: 'edited while revoked' });
  await c.replica.collection('sessions').delete(doomed.id);
  await c.sync.flush();

  expect(c.sync.status).toBe('paused');
  expect((await c.replica.collection('sessions').getOne(kept.id)).title).toBe('edited while revoked');
  expect((await c.replica.outbox()).map((e) => [e.op, e.state])).toEqual([
    ['update', 'pending'],
    ['delete', 'pending'],
  ]);
  const admin = server.admin.collection('sessions');
  expect((await admin.getOne(doomed.id)).id).toBe(doomed.id); // the delete was not acknowledged

  await c.pb.collection('users').authWithPassword(c.email, 'password-revoked-1');
  await waitFor('the outbox to drain after the sign-in', async () => (await c.replica.outbox()).length === 0);
  expect((await admin.getOne(kept.id)).title).toBe('edited while revoked');
  await expect(admin.getOne(doomed.id)).rejects.toMatchObject({ status: 404 });
  expect(c.sync.metrics.outboxFailed).toBe(0);
  await close(c);
});

test('reconciliation deletes nothing while the token cannot be verified (refresh answered 503)', async () => {
  const c = await client({ tombstones: false }); // id-set reconciliation on every pass
  for (let i = 0; i < 10; i++) await session(c, `reconcile-${i}`);
  await c.sync.flush();
  await c.sync.syncNow();
  expect(await c.replica.collection('sessions').count()).toBe(10);

  await revokeSessions(c, 'password-reconcile-1'); // lists now come back as a guest's: empty
  proxy.add({ method: 'POST', path: /auth-refresh/, action: { kind: 'status', status: 503 } });
  await c.sync.syncNow();
  expect(await c.replica.collection('sessions').count()).toBe(10);
  expect(c.sync.status).toBe('offline'); // not paused: a 503 proves nothing about the token

  proxy.clear();
  await c.sync.syncNow(); // the refresh now answers 401: paused, still nothing deleted
  expect(c.sync.status).toBe('paused');
  expect(await c.replica.collection('sessions').count()).toBe(10);
  await c.pb.collection('users').authWithPassword(c.email, 'password-reconcile-1');
  await waitFor('live again', () => c.sync.status !== 'paused' && c.sync.status !== 'syncing');
  await c.sync.syncNow();
  await expectConverged(c.replica, await signIn(server.url, c.email, 'password-reconcile-1'), ['sessions']);
  expect(await c.replica.collection('sessions').count()).toBe(10);
  await close(c);
});

test('an auth refresh whose answer is cut short keeps the token and the queued write', async () => {
  const c = await client({ batch: false });
  const s = await session(c, 'cut-refresh');
  await c.sync.flush();
  const token = c.pb.authStore.token;
  // The server refuses the update once (a 400 makes the sync verify the token before reverting),
  // and the refresh's answer is cut after 20 bytes of a 200.
  proxy.add({
    method: 'PATCH',
    path: /\/sessions\/records\//,
    action: { kind: 'status', status: 400 },
    times: 1,
  });
  proxy.add({ method: 'POST', path: /auth-refresh/, action: { kind: 'cut', bytes: 20 }, times: 1 });
  const injected = proxy.stats.injected;
  await c.replica.collection('sessions').update(s.id, { title: 'after the cut' });
  await waitFor('the outbox to drain', async () => (await c.replica.outbox()).length === 0);
  expect(proxy.stats.injected - injected).toBe(2); // both faults were met
  expect(c.pb.authStore.token).toBe(token);
  expect(c.sync.status).not.toBe('paused');
  expect((await c.replica.collection('sessions').getOne(s.id)).title).toBe('after the cut');
  expect((await c.direct.collection('sessions').getOne(s.id)).title).toBe('after the cut');
  expect(c.sync.metrics.outboxFailed).toBe(0);
  await close(c);
});

test('a delete of a record whose create was applied but not acknowledged reaches the server', async () => {
  const c = await client();
  await c.sync.stop(); // the test drives the flushes
  const sync = new Sync(c.replica, {
    pb: c.pb,
    realtime: false,
    logger: 'silent',
    retry: { baseMs: 20, maxMs: 50 },
  });
  proxy.add({ method: 'POST', path: /\/api\/batch/, action: { kind: 'lose' }, times: 1 });
  const s = await session(c, 'lost-ack');
  await sync.flush(); // applied on the server, the answer lost: queued again
  expect(await c.direct.collection('sessions').getOne(s.id)).toMatchObject({ id: s.id });
  expect((await c.replica.outbox()).map((e) => [e.op, e.state, e.attempts])).toEqual([
    ['create', 'pending', 1],
  ]);

  await c.replica.collection('sessions').delete(s.id);
  expect((await c.replica.outbox()).map((e) => e.op)).toEqual(['delete']);
  await sync.flush();
  expect(await c.replica.outbox()).toEqual([]);
  await expect(c.direct.collection('sessions').getOne(s.id)).rejects.toMatchObject({ status: 404 });
  await sync.syncNow();
  await expectConverged(c.replica, c.direct, ['sessions']);
  await sync.stop();
  await c.replica.close();
});

test('a replayed create refused by a rule while the server has the record is done, not failed', async () => {
  const c = await client();
  const rules = await server.admin.collections.getOne('sessions');
  proxy.add({ method: 'POST', path: /\/api\/batch/, action: { kind: 'lose' }, times: 1 });
  const s = await session(c, 'created-then-locked');
  await c.sync.flush(); // applied on the server, the answer lost: queued again
  expect((await c.replica.outbox()).map((e) => [e.op, e.state])).toEqual([['create', 'pending']]);
  await server.admin.collections.update('sessions', { createRule: null }); // the resend gets 403
  try {
    await c.sync.flush();
    expect(await c.replica.outbox()).toEqual([]);
    expect(c.errors.filter((e) => e.kind === 'push')).toEqual([]);
    expect((await c.replica.collection('sessions').getOne(s.id)).title).toBe('created-then-locked');
  } finally {
    await server.admin.collections.update('sessions', { createRule: rules.createRule });
    await close(c);
  }
});

test('a record deleted and created again with its id on the server stays in the replica', async () => {
  const c = await client();
  const s = await session(c, 'recreated');
  await c.sync.flush();
  await c.sync.syncNow();
  await c.sync.stop(); // away while the server deletes it and creates it again
  const admin = server.admin.collection('sessions');
  await admin.delete(s.id);
  await new Promise((resolve) => setTimeout(resolve, 5)); // a later millisecond than the delete
  await admin.create({ id: s.id, user: c.userId, externalId: 'recreated', title: 'born again' });

  const sync = new Sync(c.replica, { pb: c.pb, realtime: false, logger: 'silent' });
  await sync.start();
  expect((await c.replica.collection('sessions').getOne(s.id)).title).toBe('born again');
  await expectConverged(c.replica, c.direct, ['sessions']);
  await sync.stop();
  await c.replica.close();
});

test('a tombstone committed after a later one was read is still applied', async () => {
  const c = await client();
  const early = await session(c, 'tomb-early');
  const late = await session(c, 'tomb-late');
  await c.sync.flush();
  await c.sync.syncNow();
  await c.direct.collection('sessions').delete(late.id);
  await c.sync.syncNow(); // the tombstone cursor moves past the delete of `late`
  expect(await c.replica.collection('sessions').count()).toBe(1);
  const lateTombstone = await server.admin
    .collection('tombstones')
    .getFirstListItem(server.admin.filter('recordId = {:id}', { id: late.id }));

  // `early` is deleted now, but its tombstone carries a time just before the cursor: the commit
  // order PocketBase's autodate cannot promise.
  await c.direct.collection('sessions').delete(early.id);
  const tombstone = await server.admin
    .collection('tombstones')
    .getFirstListItem(server.admin.filter('recordId = {:id}', { id: early.id }));
  const before = new Date(Date.parse(lateTombstone.updated.replace(' ', 'T')) - 1)
    .toISOString()
    .replace('T', ' ');
  await server.admin.send('/api/test/backdate-tombstone', {
    method: 'POST',
    body: { id: tombstone.id, updated: before },
  });
  await c.sync.syncNow();
  await expect(c.replica.collection('sessions').getOne(early.id)).rejects.toMatchObject({ status: 404 });
  await close(c);
});

test('a replayed [update, delete] whose answers were lost settles without a failure', async () => {
  const c = await client();
  const s = await session(c, 'replayed');
  await c.sync.flush();
  // The first batch (the update) is held, then applied with its answer lost; the delete is made
  // meanwhile, so the replay sends [update, delete], applied and lost too; the third send finds
  // the record gone.
  proxy.add({ method: 'POST', path: /\/api\/batch/, action: { kind: 'lose', delayMs: 400 }, times: 1 });
  proxy.add({ method: 'POST', path: /\/api\/batch/, action: { kind: 'lose' }, times: 1 });
  await c.replica.collection('sessions').update(s.id, { title: 'last words' });
  const flushing = c.sync.flush();
  await waitFor('the update to be in flight', async () =>
    (await c.replica.outbox()).some((e) => e.state === 'sending'),
  );
  await c.replica.collection('sessions').delete(s.id);
  await flushing;
  await waitFor('the outbox to drain', async () => (await c.replica.outbox()).length === 0, 15_000);
  expect(c.errors.filter((e) => e.kind === 'push')).toEqual([]);
  expect(c.sync.metrics.outboxFailed).toBe(0);
  await expect(c.direct.collection('sessions').getOne(s.id)).rejects.toMatchObject({ status: 404 });
  await close(c);
});

test('a token that expires before its refresh timer fires pauses the sync, nothing escapes', async () => {
  const c = await client();
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);
  process.on('unhandledRejection', onRejection);
  try {
    // A one-second token (the superuser's impersonation): the refresh timer fires as it expires.
    const short = await server.admin.send<{ token: string; record: RecordModel }>(
      `/api/collections/users/impersonate/${c.userId}`,
      { method: 'POST', body: { duration: 1 } },
    );
    c.pb.authStore.save(short.token, short.record);
    await waitFor('the sync to pause', () => c.sync.status === 'paused', 5000);
    await new Promise((resolve) => setTimeout(resolve, 100)); // let any stray rejection surface
    expect(rejections).toEqual([]);
    // A new sign-in resumes it.
    c.pb.authStore.save(c.direct.authStore.token, c.direct.authStore.record);
    await session(c, 'after-expiry');
    await waitFor('the write to land', async () => (await c.replica.outbox()).length === 0);
  } finally {
    process.off('unhandledRejection', onRejection);
    await close(c);
  }
});
