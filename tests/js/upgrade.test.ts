// A replica written by an older pocketlite build opens in this one with nothing lost. The fixture
// (tests/js/fixtures/format1) was written by the build of commit cf60579 (format 1, before vector
// search and analytics existed): OpenSync's schema and search, synced sessions and messages, one
// offline edit and one offline create still in the outbox.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

import { openReplica, type Replica } from '../../js/index.js';
import { opensyncSearch } from '../../js/opensync/index.js';
import { opensyncSchema } from '../../js/opensync/schema.js';
import { NodeFsStore } from '../../js/storage/node-fs.js';

const FILE = 'pocketlite-69d596136241cbac-ac9zsoqit0jf1sh.db';
const USER = 'ac9zsoqit0jf1sh';
const open = (dir: string) =>
  openReplica({
    url: 'http://127.0.0.1:8090',
    userId: USER,
    storage: new NodeFsStore(dir),
    schema: opensyncSchema,
    search: opensyncSearch,
  });

let dir: string;
let replica: Replica;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pocketlite-upgrade-'));
  const packed = fs.readFileSync(path.resolve('tests/js/fixtures/format1', `${FILE}.gz`));
  fs.writeFileSync(path.join(dir, FILE), zlib.gunzipSync(packed));
  replica = await open(dir);
});

afterEach(async () => {
  await replica.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('records, offline writes and search indexes written by format 1 are all there', async () => {
  const sessions = replica.collection('sessions');
  expect(await sessions.count()).toBe(7);
  expect(await replica.collection('messages').count()).toBe(32);
  expect((await sessions.getOne('localformat001')).title).toBe('created offline by format 1');
  const titles = (await sessions.getFullList({ filter: 'title ~ "format 1"', sort: 'title' })).map(
    (s) => s.title,
  );
  expect(titles).toEqual(['created offline by format 1', 'edited offline by format 1']);
  const outbox = await replica.outbox();
  expect(outbox.map((entry) => [entry.collection, entry.op])).toEqual([
    ['sessions', 'update'],
    ['sessions', 'create'],
  ]);
  const hits = await sessions.search('format');
  expect(hits.items.map((hit) => hit.record.id)).toContain('localformat001');
});

test('features added after format 1 work on the old database, and it reopens', async () => {
  // Format 1 did not yet enforce required fields on local creates; this build asks for them.
  await expect(
    replica.collection('sessions').update('localformat001', { totalTokens: 42 }),
  ).rejects.toMatchObject({
    status: 400,
    message: expect.stringMatching(/externalId/),
  });
  const patch = { externalId: 'local-1', totalTokens: 42, model: 'upgrade-test-model' };
  await replica.collection('sessions').update('localformat001', patch);
  const spec = {
    groupBy: ['model'],
    measures: [{ name: 'tokens', op: 'sum' as const, field: 'totalTokens' }],
  };
  const rollup = await replica.defineRollup('sessions', 'byModel', spec);
  expect(rollup.rows).toContainEqual(expect.objectContaining({ model: 'upgrade-test-model', tokens: 42 }));
  await replica.close();
  replica = await open(dir);
  expect((await replica.collection('sessions').getOne('localformat001')).totalTokens).toBe(42);
  // Rollups are registered by the app each time it opens the replica.
  expect((await replica.defineRollup('sessions', 'byModel', spec)).rows).toContainEqual(
    expect.objectContaining({ model: 'upgrade-test-model', tokens: 42 }),
  );
  expect(await replica.outbox()).toHaveLength(2); // the create absorbed the later update
});
