// "Has ALL of these tags" (a chats-and-tags schema, as Open WebUI's) on a real PocketBase and on the
// replica: Query.whereHasAll with ids from resolveIds means the same on both, for every
// combination of tags; and the trap it avoids (two `?=` conditions on one relation field look at
// the same joined row and match nothing) is shown on the server and reproduced here.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { openReplica, Query, resolveIds, type RecordModel, type Replica } from '../../js/index.js';
import { startPocketBase, type PocketBaseServer } from '../../scripts/lib/pocketbase.js';

interface Chat extends RecordModel {
  title: string;
  tags: string[];
}
interface Tag extends RecordModel {
  name: string;
}

let server: PocketBaseServer;
let replica: Replica;
const TAGS = ['work', 'urgent', 'later', 'idea'];
const ids: Record<string, string> = {};

beforeAll(async () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'pocketlite-has-all-'));
  server = await startPocketBase({ migrationsDir: empty, hooksDir: empty });
  const tags = await server.admin.collections.create({
    name: 'tags',
    type: 'base',
    listRule: '',
    fields: [{ name: 'name', type: 'text' }],
  });
  await server.admin.collections.create({
    name: 'chats',
    type: 'base',
    listRule: '',
    fields: [
      { name: 'title', type: 'text' },
      { name: 'tags', type: 'relation', collectionId: tags.id, maxSelect: 10 },
    ],
  });
  for (const name of TAGS) ids[name] = (await server.admin.collection('tags').create({ name })).id;
  // Every subset of the tags, once.
  for (let mask = 0; mask < 1 << TAGS.length; mask++) {
    const chosen = TAGS.filter((_, i) => mask & (1 << i));
    await server.admin
      .collection('chats')
      .create({ title: chosen.join('+') || 'none', tags: chosen.map((t) => ids[t]) });
  }
  replica = await openReplica({
    url: server.url,
    userId: null,
    schema: await server.admin.collections.getFullList(),
  });
  for (const name of ['tags', 'chats'])
    await replica.collection(name).upsert(JSON.stringify(await server.admin.collection(name).getFullList()));
});
afterAll(async () => {
  await replica?.close();
  await server?.stop();
});

const titles = (rows: Array<{ title: string }>) => rows.map((r) => r.title).sort();

test('whereHasAll matches exactly the chats holding every tag, on the server and locally', async () => {
  for (const wanted of [
    ['work'],
    ['work', 'urgent'],
    ['urgent', 'idea', 'later'],
    TAGS,
    ['work', 'nosuch'],
  ]) {
    const tagIds = await resolveIds(replica.collection<Tag>('tags'), 'name', wanted);
    const query = Query.on<Chat>().whereHasAll('tags', tagIds);
    const local = await replica.collection<Chat>('chats').query().whereHasAll('tags', tagIds).getFullList();
    const remote = await server.admin.collection('chats').getFullList<Chat>({ filter: query.toFilter() });
    const expected = wanted.includes('nosuch')
      ? []
      : [...Array(1 << TAGS.length).keys()]
          .map((mask) => TAGS.filter((_, i) => mask & (1 << i)))
          .filter((tags) => wanted.every((w) => tags.includes(w)))
          .map((tags) => tags.join('+'));
    expect(titles(local)).toEqual(expected.sort());
    expect(titles(remote)).toEqual(titles(local));
  }
});

test('the trap: two ?= conditions on one relation match nothing on the server, and here', async () => {
  const trap = `tags ?= "${ids.work}" && tags ?= "${ids.urgent}"`;
  expect(await server.admin.collection('chats').getFullList({ filter: trap })).toEqual([]);
  expect(await replica.collection('chats').getFullList({ filter: trap })).toEqual([]);
  const byName = 'tags.name ?= "work" && tags.name ?= "urgent"';
  expect(await server.admin.collection('chats').getFullList({ filter: byName })).toEqual([]);
  expect(await replica.collection('chats').getFullList({ filter: byName })).toEqual([]);
});

test('whereHasAll refuses what is not an id', () => {
  expect(() => Query.on<Chat>().whereHasAll('tags', ['a" || 1=1'])).toThrow(/record ids/);
});
