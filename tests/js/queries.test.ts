import PocketBase from 'pocketbase';

import { filter, openReplica, type Replica } from '../../js/index.js';
import { note, notesCollection } from '../support/schema-fixtures.js';

let replica: Replica;
beforeAll(async () => {
  replica = await openReplica({ url: 'http://queries.test', schema: [notesCollection] });
  await replica.collection('notes').upsert(Array.from({ length: 25 }, (_, i) => note(i + 1)));
});
afterAll(() => replica.close());

test('filter() quotes exactly like the SDK', () => {
  const pb = new PocketBase('http://unused');
  const params = {
    s: 'it\'s "quoted" \\ and\nnew line',
    n: 12.5,
    b: false,
    z: null,
    d: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678)),
    a: ['x', 1],
    o: { k: 'v' },
  };
  const expression =
    'a = {:s} && b = {:n} && c = {:b} && d = {:z} && e = {:d} && f = {:a} && g = {:o} && h = {:s}';
  expect(filter(expression, params)).toBe(pb.filter(expression, params));
  expect(replica.filter('title = {:t}', { t: 'x' })).toBe('title = "x"');
});

test('getList returns PocketBase list envelopes', async () => {
  const notes = replica.collection('notes');
  const page = await notes.getList(2, 10, { sort: '-n', filter: 'n > 3' });
  expect(page).toMatchObject({ page: 2, perPage: 10, totalItems: 22, totalPages: 3 });
  expect(page.items.map((r) => r.n)).toEqual([15, 14, 13, 12, 11, 10, 9, 8, 7, 6]);
  expect(await notes.getList(1, 5, { skipTotal: true })).toMatchObject({ totalItems: -1, totalPages: -1 });
  expect((await notes.getList(1, 5000)).perPage).toBe(1000); // clamped like the server
  expect(
    (await notes.getFullList({ filter: filter('title = {:t}', { t: 'note 7' }) })).map((r) => r.n),
  ).toEqual([7]);
  expect(await notes.count('done = true')).toBe(12);
});

test('getFirstListItem finds the first match or rejects with a 404', async () => {
  const notes = replica.collection('notes');
  expect((await notes.getFirstListItem('n >= 20', { sort: 'n' })).n).toBe(20);
  await expect(notes.getFirstListItem('n > 1000')).rejects.toMatchObject({ status: 404, code: 'not_found' });
});

test('bad filters reject with the position; the replica stays usable', async () => {
  const notes = replica.collection('notes');
  await expect(notes.getList(1, 10, { filter: 'n > 3 &&' })).rejects.toMatchObject({
    status: 400,
    code: 'invalid_filter',
    message: 'unexpected end of filter at 8',
    data: { position: 8 },
  });
  await expect(notes.getList(1, 10, { filter: 'ghost = 1' })).rejects.toMatchObject({
    code: 'invalid_filter',
  });
  expect((await notes.getList(1, 1)).totalItems).toBe(25);
});

test('expand leaves out relations whose records the replica does not hold', async () => {
  await replica.applySchema(
    [
      notesCollection,
      {
        id: 'pbc_links',
        name: 'links',
        type: 'base',
        fields: [{ id: 'l_to', name: 'to', type: 'relation', collectionId: 'pbc_notes', maxSelect: 3 }],
      },
    ],
    {},
  );
  await replica.collection('links').upsert([
    { id: 'link00000000001', to: [note(2).id, 'missing00000000', note(1).id] },
    { id: 'link00000000002', to: ['missing00000000'] },
  ]);
  const [first, second] = await replica.collection('links').getFullList({ expand: 'to', sort: 'id' });
  expect((first!.expand as { to: Array<{ id: string }> }).to.map((r) => r.id)).toEqual([
    note(2).id,
    note(1).id,
  ]);
  expect(second!.expand).toEqual({}); // reached by the expand, nothing found: {} as on the server
});
