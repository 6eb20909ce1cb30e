// Filters through relations into collections the user may not list, against a real PocketBase
// as a signed-in user: a path into a collection only superusers may list is refused on both
// sides (400); and the syntax the server accepts but the replica refuses on purpose is pinned
// here, as the README lists it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import PocketBase from 'pocketbase';

import { openReplica, type Replica } from '../../js/index.js';
import { createUser, startPocketBase, type PocketBaseServer } from '../../scripts/lib/pocketbase.js';

let server: PocketBaseServer;
let pb: PocketBase;
let replica: Replica;

beforeAll(async () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'pocketlite-visibility-'));
  server = await startPocketBase({ migrationsDir: empty, hooksDir: empty });
  const userId = await createUser(server, 'reader@example.com', 'password-1234');
  const secret = await server.admin.collections.create({
    name: 'secret',
    type: 'base',
    fields: [{ name: 'v', type: 'text' }],
  }); // listRule null: superusers only
  await server.admin.collections.create({
    name: 'items',
    type: 'base',
    listRule: '',
    viewRule: '',
    fields: [
      { name: 'title', type: 'text' },
      { name: 'score', type: 'number' },
      { name: 's', type: 'relation', collectionId: secret.id, maxSelect: 1 },
    ],
  });
  const s = await server.admin.collection('secret').create({ v: 'x' });
  for (const [title, score] of [
    ['one', 1],
    ['five', 5],
  ] as const)
    await server.admin.collection('items').create({ title, score, s: s.id });
  pb = new PocketBase(server.url);
  pb.autoCancellation(false);
  await pb.collection('users').authWithPassword('reader@example.com', 'password-1234');
  replica = await openReplica({
    url: server.url,
    userId,
    schema: await server.admin.collections.getFullList(),
  });
  await replica.collection('items').upsert(JSON.stringify(await pb.collection('items').getFullList()));
});
afterAll(async () => {
  await replica?.close();
  await server?.stop();
});

const serverStatus = (filter: string) =>
  pb
    .collection('items')
    .getFullList({ filter })
    .then(() => 200)
    .catch((e: { status: number }) => e.status);
const localStatus = (filter: string) =>
  replica
    .collection('items')
    .getFullList({ filter })
    .then(() => 200)
    .catch((e: { status: number }) => e.status);

test('a path into a collection only superusers may list is a 400 on both sides', async () => {
  for (const filter of ['s.v = "x"', 's.v != ""']) {
    expect(await serverStatus(filter)).toBe(400);
    expect(await localStatus(filter)).toBe(400);
  }
  // The relation's own value is the item's field: both accept it.
  expect(await serverStatus('s != ""')).toBe(200);
  expect(await localStatus('s != ""')).toBe(200);
});

test('syntax the server accepts and the replica refuses on purpose (README: deliberate differences)', async () => {
  for (const filter of ['(score > 1) (score < 100)', 'title = (score > 3)']) {
    expect(await serverStatus(filter)).toBe(200);
    expect(await localStatus(filter)).toBe(400);
  }
  // A trailing comma in a function call: refused by both.
  expect(await serverStatus('strftime("%Y", created,) != ""')).toBe(400);
  expect(await localStatus('strftime("%Y", created,) != ""')).toBe(400);
});
