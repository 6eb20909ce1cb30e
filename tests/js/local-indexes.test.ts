// Local indexes declared at open: kept in every schema applied, dropped when no longer declared,
// answers unchanged by them, and a bad declaration refused with its place, nothing opened.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { openReplica, PocketliteError, type Replica } from '../../js/index.js';
import { NodeFsStore } from '../../js/storage/node-fs.js';
import { note, notesCollection } from '../support/schema-fixtures.js';

const url = 'http://local-indexes.test';
const declared = { notes: [['done', 'updated', 'n']] };
const page = { filter: 'done = true && n > 10', sort: '-updated' };

/** The index SQL the replica's `notes` definition holds. */
async function notesIndexes(replica: Replica): Promise<string[]> {
  const [notes] = (await replica.collections()) as Array<{ name: string; indexes?: string[] }>;
  return notes!.indexes ?? [];
}

test('a declared index joins the schema, survives schema changes and reopening, and changes no answer', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-local-indexes-'));
  const records = Array.from({ length: 60 }, (_, i) => ({ ...note(i + 1), done: i % 3 === 0 }));
  const plain = await openReplica({ url: 'http://plain.test', schema: [notesCollection] });
  await plain.collection('notes').upsert(records);
  const expected = await plain.collection('notes').getList(2, 5, page);
  await plain.close();

  let replica = await openReplica({
    url,
    schema: [notesCollection],
    indexes: declared,
    storage: new NodeFsStore(dir),
  });
  expect(await notesIndexes(replica)).toContain(
    'CREATE INDEX `pl_local_notes_0` ON `notes` (`done`, `updated`, `n`)',
  );
  await replica.collection('notes').upsert(records);
  expect(await replica.collection('notes').getList(2, 5, page)).toEqual(expected);
  // A later schema (a field added, as the server's would be) keeps the index.
  const grown = {
    ...notesCollection,
    fields: [...notesCollection.fields, { id: 'f_x', name: 'x', type: 'text' }],
  };
  await replica.applySchema([grown]);
  expect((await notesIndexes(replica)).some((sql) => sql.includes('pl_local_notes_0'))).toBe(true);
  await replica.close();

  // Opened again without the declaration: the index goes, the data stays.
  replica = await openReplica({ url, schema: [grown], storage: new NodeFsStore(dir) });
  expect((await notesIndexes(replica)).some((sql) => sql.includes('pl_local_'))).toBe(false);
  expect((await replica.collection('notes').getList(2, 5, page)).items.map((r) => r.id)).toEqual(
    expected.items.map((r) => r.id),
  );
  await replica.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test.each([
  [{ notes: 'done' }, 'indexes.notes'],
  [{ notes: [[]] }, 'indexes.notes[0]'],
  [{ notes: [['done', 'n; DROP TABLE notes']] }, 'indexes.notes[0]'],
  [[['done']], 'indexes'],
])('a malformed declaration %j is refused at %s', async (indexes, place) => {
  const opening = openReplica({ url, schema: [notesCollection], indexes: indexes as never });
  await expect(opening).rejects.toBeInstanceOf(PocketliteError);
  await expect(opening).rejects.toMatchObject({ code: 'invalid_index', status: 400, data: { [place]: {} } });
});

test('an index on a field the collection lacks is refused and the replica is not left open', async () => {
  const opening = openReplica({ url, schema: [notesCollection], indexes: { notes: [['nope']] } });
  await expect(opening).rejects.toMatchObject({
    code: 'invalid_index',
    message: expect.stringContaining('nope'),
  });
  // Nothing holds the replica: the same one opens again.
  const replica = await openReplica({ url, schema: [notesCollection] });
  await replica.close();
});

test("a schema that is not JSON gets the engine's own error, with local indexes declared too", async () => {
  const replica = await openReplica({ url: 'http://bad-schema.test', indexes: declared });
  await expect(replica.applySchema('[{"name": ')).rejects.toMatchObject({
    name: 'PocketliteError',
    status: 400,
  });
  await replica.close();
});
