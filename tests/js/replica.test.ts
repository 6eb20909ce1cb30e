import { isPocketliteError, openReplica, PocketliteError, type BlockStore } from '../../js/index.js';
import { note, notesCollection } from '../support/schema-fixtures.js';
import { storeFactories } from '../support/stores.js';

const url = 'http://127.0.0.1:8090';

describe.each(storeFactories)('replica on %s storage', (_kind, makeStore) => {
  let store: BlockStore;
  beforeEach(() => {
    store = makeStore();
  });

  const open = (userId = 'user00000000001') =>
    openReplica({ url, userId, storage: store, schema: [notesCollection] });

  test('round-trips records exactly as PocketBase shapes them', async () => {
    const replica = await open();
    const notes = replica.collection('notes');
    const records = [note(1), note(2), note(3, 'ünïcödé "quoted" \\ \n')];
    expect(await notes.upsert(records)).toEqual({ applied: 3, skipped: 0, failed: [] });
    expect(await notes.getOne(records[2]!.id)).toEqual(records[2]);
    expect(await notes.getFullList()).toEqual(records);
    expect(await notes.count()).toBe(3);
    await replica.close();
  });

  test('sorts like PocketBase and keeps the order stable', async () => {
    const replica = await open();
    const notes = replica.collection('notes');
    await notes.upsert([note(1), note(2), note(3), note(4)]);
    const ids = (list: Array<{ id: string }>) => list.map((r) => r.id.slice(-1));
    expect(ids(await notes.getFullList({ sort: '-n' }))).toEqual(['4', '3', '2', '1']);
    expect(ids(await notes.getFullList({ sort: 'done,-n' }))).toEqual(['3', '1', '4', '2']);
    await expect(notes.getFullList({ sort: 'nope' })).rejects.toMatchObject({
      status: 400,
      code: 'invalid_sort',
    });
    await replica.close();
  });

  test('reports each bad record of a page and applies the rest', async () => {
    const replica = await open();
    const bad = { ...note(2), n: 'two' };
    const result = await replica.collection('notes').upsert([note(1), bad, note(3)]);
    expect(result.applied).toBe(2);
    expect(result.failed).toHaveLength(1);
    expect(result.failed[0]).toMatchObject({
      index: 1,
      id: bad.id,
      error: { status: 400, data: { n: { code: 'validation_invalid_type' } } },
    });
    expect(await replica.collection('notes').count()).toBe(2);
    await replica.close();
  });

  test('throws PocketBase-shaped errors and stays usable', async () => {
    const replica = await open();
    const notes = replica.collection('notes');
    const missing = await notes.getOne('nothinghere0000').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(PocketliteError);
    expect(missing).toMatchObject({
      status: 404,
      code: 'not_found',
      message: "The requested resource wasn't found.",
    });
    expect((missing as PocketliteError).response).toEqual({
      status: 404,
      message: expect.any(String),
      data: {},
    });
    await expect(notes.upsert('[{"id": ')).rejects.toMatchObject({ code: 'invalid_json', status: 400 });
    await expect(replica.collection('ghosts').count()).rejects.toMatchObject({ code: 'unknown_collection' });
    await expect(replica.applySchema([{ name: 'bad name', fields: [] }])).rejects.toMatchObject({
      code: 'invalid_schema',
      data: { '0': { name: { code: 'validation_invalid_format' } } },
    });
    expect(await notes.upsert([note(1)])).toEqual({ applied: 1, skipped: 0, failed: [] });
    await replica.close();
    await expect(notes.count()).rejects.toMatchObject({ code: 'replica_closed' });
  });

  test('keeps committed data across reopen and migrates in place', async () => {
    const first = await open();
    await first.collection('notes').upsert([note(1), note(2)]);
    await first.close();
    const withRating = {
      ...notesCollection,
      fields: [...notesCollection.fields, { id: 'f_r', name: 'rating', type: 'number' }],
    };
    const second = await openReplica({ url, userId: 'user00000000001', storage: store });
    const summary = await second.applySchema([withRating]);
    expect(summary.migrated[0]).toMatchObject({ name: 'notes', added: ['rating'] });
    expect(await second.collection('notes').getOne(note(2).id)).toEqual({ ...note(2), rating: 0 });
    await second.close();
  });

  test('keeps each user in a database of their own', async () => {
    const alice = await open('alice0000000001');
    await alice.collection('notes').upsert([note(1)]);
    const bob = await open('bob000000000001');
    expect(bob.fileName).not.toBe(alice.fileName);
    expect(await bob.collection('notes').count()).toBe(0);
    await bob.destroy();
    expect(store.exists(bob.fileName)).toBe(false);
    expect(await alice.collection('notes').count()).toBe(1);
    await alice.close();
  });
});

test('a failing storage write is a storage_full error; nothing partial is kept', async () => {
  const { MemoryStore } = await import('../../js/index.js');
  let full = false;
  class FullStore extends MemoryStore {
    override write(handle: number, data: Uint8Array, offset: number): void {
      if (full)
        throw Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
      super.write(handle, data, offset);
    }
  }
  const replica = await openReplica({ url, storage: new FullStore(), schema: [notesCollection] });
  const notes = replica.collection('notes');
  await notes.upsert([note(1)]);
  full = true;
  const many = Array.from({ length: 3000 }, (_, i) => note(i + 10, 'x'.repeat(100)));
  const error = await notes.upsert(many).catch((e: unknown) => e);
  expect(error).toMatchObject({ status: 500, code: 'storage_full' });
  expect((error as Error).message).toContain('The quota has been exceeded.');
  full = false;
  expect(await notes.count()).toBe(1);
  expect(await notes.upsert([note(2)])).toEqual({ applied: 1, skipped: 0, failed: [] });
  await replica.close();
});

test('errors are recognised by name after crossing a structured clone', async () => {
  const replica = await openReplica({ url, schema: [notesCollection] });
  const error = (await replica
    .collection('notes')
    .getOne('x')
    .catch((e: unknown) => e)) as PocketliteError;
  const cloned = structuredClone(error.toJSON());
  expect(isPocketliteError(cloned)).toBe(true);
  expect(isPocketliteError(new Error('other'))).toBe(false);
  expect(PocketliteError.from(cloned)).toMatchObject({ status: 404, code: 'not_found' });
  await replica.close();
});
