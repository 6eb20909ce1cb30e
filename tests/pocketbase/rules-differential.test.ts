// API rules evaluated locally, differential: a matrix of rules × writes goes to a real PocketBase
// as a signed-in user and to that user's replica (the same schema, the same records). The local
// write must get the server's answer (allowed; a refused create 400; a refused update or delete
// 404), and canCreate/canUpdate/canDelete must say beforehand what the server will do — or null
// where only the server can tell (`@collection.*`), in which case the local write goes through
// and the server decides.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import PocketBase from 'pocketbase';

import { isPocketliteError, openReplica, type Replica } from '../../js/index.js';
import { createUser, startPocketBase, type PocketBaseServer } from '../../scripts/lib/pocketbase.js';

let server: PocketBaseServer;
let pb: PocketBase;
let replica: Replica;
let me: string;
let other: string;

const RULES = {
  createRule:
    "@request.auth.id != '' && user = @request.auth.id && score < 10 && @request.body.title:isset = true",
  updateRule:
    'user = @request.auth.id && locked = false && (@request.body.score:isset = false || @request.body.score < 10) && @request.body.user:isset = false',
  deleteRule: 'user = @request.auth.id && locked = false && @request.auth.verified = true',
};

beforeAll(async () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'pocketlite-rules-'));
  server = await startPocketBase({ migrationsDir: empty, hooksDir: empty });
  me = await createUser(server, 'me@example.com', 'password-1234');
  other = await createUser(server, 'other@example.com', 'password-1234');
  const fields = [
    { name: 'title', type: 'text' },
    { name: 'score', type: 'number' },
    { name: 'locked', type: 'bool' },
    { name: 'user', type: 'relation', collectionId: '_pb_users_auth_', maxSelect: 1 },
  ];
  const ruled = { listRule: 'user = @request.auth.id', viewRule: 'user = @request.auth.id', fields };
  await server.admin.collections.create({ name: 'notes', type: 'base', ...ruled, ...RULES });
  await server.admin.collections.create({ name: 'closed', type: 'base', ...ruled }); // rules null
  await server.admin.collections.create({
    name: 'joined',
    type: 'base',
    ...ruled,
    createRule: '@collection.notes.user ?= @request.auth.id && user = @request.auth.id',
  });
  pb = new PocketBase(server.url);
  pb.autoCancellation(false);
  await pb.collection('users').authWithPassword('me@example.com', 'password-1234');
  replica = await openReplica({
    url: server.url,
    userId: me,
    schema: await server.admin.collections.getFullList(),
  });
  await replica.collection('users').upsert(JSON.stringify([await pb.collection('users').getOne(me)]));
});
afterAll(async () => {
  await replica?.close();
  await server?.stop();
});

/** A record on the server, as the admin makes it, copied into the replica. */
async function stored(collection: string, fields: Record<string, unknown>): Promise<string> {
  const record = await server.admin
    .collection(collection)
    .create({ title: 'stored', score: 1, user: me, ...fields });
  await replica.collection(collection).upsert(JSON.stringify([record]));
  return record.id;
}

const statusOf = (p: Promise<unknown>) =>
  p.then(
    () => 200,
    (e: unknown) => (isPocketliteError(e) ? e.status : (e as { status: number }).status),
  );

type Write =
  | { op: 'create'; body: Record<string, unknown> }
  | { op: 'update'; record: Record<string, unknown>; body: Record<string, unknown> }
  | { op: 'delete'; record: Record<string, unknown> };

const CASES: Array<[string, string, Write]> = [
  ['create allowed', 'notes', { op: 'create', body: { title: 'a', score: 1 } }],
  ['create: score too high', 'notes', { op: 'create', body: { title: 'a', score: 20 } }],
  ['create: for another user', 'notes', { op: 'create', body: { title: 'a', score: 1, user: 'OTHER' } }],
  ['create: without a title key', 'notes', { op: 'create', body: { score: 1 } }],
  ['update allowed', 'notes', { op: 'update', record: {}, body: { title: 'b' } }],
  ['update: score too high', 'notes', { op: 'update', record: {}, body: { score: 20 } }],
  ['update: score fine', 'notes', { op: 'update', record: {}, body: { score: 5 } }],
  ['update: a locked record', 'notes', { op: 'update', record: { locked: true }, body: { title: 'b' } }],
  ['update: moving the owner', 'notes', { op: 'update', record: {}, body: { user: 'OTHER' } }],
  ['delete: the user is not verified', 'notes', { op: 'delete', record: {} }],
  ['create: superusers only', 'closed', { op: 'create', body: { title: 'a' } }],
  ['update: superusers only', 'closed', { op: 'update', record: {}, body: { title: 'b' } }],
  ['delete: superusers only', 'closed', { op: 'delete', record: {} }],
];

test.each(CASES)(
  '%s: the replica answers as the server, and says so beforehand',
  async (_name, collection, write) => {
    const body = (b: Record<string, unknown>) =>
      Object.fromEntries(Object.entries({ user: me, ...b }).map(([k, v]) => [k, v === 'OTHER' ? other : v]));
    let remote: number, local: number, predicted: boolean | null;
    const records = replica.collection(collection);
    if (write.op === 'create') {
      predicted = await records.canCreate(body(write.body));
      remote = await statusOf(pb.collection(collection).create(body(write.body)));
      local = await statusOf(records.create(body(write.body)));
    } else {
      const [forServer, forReplica] = [
        await stored(collection, write.record),
        await stored(collection, write.record),
      ];
      if (write.op === 'update') {
        predicted = await records.canUpdate(forReplica, body(write.body));
        remote = await statusOf(pb.collection(collection).update(forServer, body(write.body)));
        local = await statusOf(records.update(forReplica, body(write.body)));
      } else {
        predicted = await records.canDelete(forReplica);
        remote = await statusOf(pb.collection(collection).delete(forServer));
        local = await statusOf(records.delete(forReplica));
      }
    }
    expect({ local, predicted }).toEqual({ local: remote, predicted: remote === 200 });
  },
);

test('verified users may delete: the rule reads @request.auth from the replica', async () => {
  await server.admin.collection('users').update(me, { verified: true });
  await replica.collection('users').upsert(JSON.stringify([await pb.collection('users').getOne(me)]));
  const [forServer, forReplica] = [await stored('notes', {}), await stored('notes', {})];
  expect(await replica.collection('notes').canDelete(forReplica)).toBe(true);
  expect(await statusOf(pb.collection('notes').delete(forServer))).toBe(200);
  expect(await statusOf(replica.collection('notes').delete(forReplica))).toBe(200);
});

test('a rule with @collection.* is left to the server: null beforehand, the local write goes through', async () => {
  expect(await replica.collection('joined').canCreate({ title: 'j', user: me })).toBeNull();
  expect(await statusOf(replica.collection('joined').create({ title: 'j', user: me }))).toBe(200);
  // The server decides: this user has notes, so it accepts the same write.
  expect(await statusOf(pb.collection('joined').create({ title: 'j', user: me }))).toBe(200);
});
