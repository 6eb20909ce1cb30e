import { openReplica, type Replica } from '../../js/index.js';
import { note, notesCollection } from '../support/schema-fixtures.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

const tagsCollection = {
  id: 'pbc_tags',
  name: 'tags',
  type: 'base',
  fields: [
    { id: 't_label', name: 'label', type: 'text' },
    { id: 't_note', name: 'note', type: 'relation', collectionId: 'pbc_notes', maxSelect: 1 },
  ],
};

let replica: Replica;
beforeEach(async () => {
  replica = await openReplica({ url: 'http://live.test', schema: [notesCollection, tagsCollection] });
  await replica.defineSearch('notes', ['title']);
  await replica.collection('notes').upsert(Array.from({ length: 10 }, (_, i) => note(i + 1)));
});
afterEach(() => replica.close());

test('a list query gets its first result, then one callback per changing transaction', async () => {
  const results: Array<[number[], number]> = [];
  replica
    .collection('notes')
    .watchList(1, 5, { filter: 'n > 5', sort: 'n' }, (r) =>
      results.push([r.items.map((i) => i.n as number), r.totalItems]),
    );
  await tick();
  expect(results).toEqual([[[6, 7, 8, 9, 10], 5]]);
  // One transaction of 1,000 writes: one callback.
  await replica.collection('notes').upsert(Array.from({ length: 1000 }, (_, i) => note(i + 11)));
  await tick();
  expect(results).toHaveLength(2);
  expect(results[1]).toEqual([[6, 7, 8, 9, 10], 1005]); // same page, new total
});

test('a write that leaves the result unchanged, or touches another collection, notifies no one', async () => {
  const calls: unknown[] = [];
  replica.collection('notes').watchList(1, 3, { sort: 'n' }, (r) => calls.push(r));
  replica.collection('notes').watchCount('done = true', (c) => calls.push(c));
  await tick();
  expect(calls).toHaveLength(2);
  await replica.collection('tags').upsert({ id: 'tag000000000001', label: 'x' }); // other collection
  await replica.collection('notes').upsert(note(9, 'renamed')); // outside the first page, count unchanged
  await tick();
  expect(calls).toHaveLength(2);
  await replica.collection('notes').upsert({ ...note(2), done: false }); // changes both
  await tick();
  expect(calls).toHaveLength(4);
  expect(calls[3]).toBe(4);
});

test('one record, search and relation queries follow their data; unsubscribing stops everything', async () => {
  const one: Array<string | null> = [];
  const search: number[] = [];
  const viaRelation: number[] = [];
  const stopOne = replica
    .collection('notes')
    .watchOne(note(3).id, (r) => one.push(r ? (r.title as string) : null));
  const stopSearch = replica.collection('notes').watchSearch('gamma', {}, (r) => search.push(r.items.length));
  await replica.collection('tags').upsert({ id: 'tag000000000002', label: 'y', note: note(4).id });
  const stopRelation = replica
    .collection('tags')
    .watchCount('note.title ~ "gamma"', (c) => viaRelation.push(c));
  await tick();
  await replica.collection('notes').upsert([note(3, 'gamma ray'), note(4, 'gamma burst')]);
  await tick();
  expect(one).toEqual(['note 3', 'gamma ray']);
  expect(search).toEqual([0, 2]);
  expect(viaRelation).toEqual([0, 1]); // a write to notes re-ran a query on tags that reads notes
  await replica.collection('notes').delete(note(3).id);
  await tick();
  expect(one).toEqual(['note 3', 'gamma ray', null]);
  expect(search).toEqual([0, 2, 1]);
  stopOne();
  stopSearch();
  stopRelation();
  expect(replica.live.size).toBe(0);
  await replica.collection('notes').upsert(note(5, 'gamma again'));
  await tick();
  expect(search).toEqual([0, 2, 1]); // stopped: no callback for the last write
});

test('fields shape a live list as they shape getList: picked keys, nested picks, modifiers', async () => {
  const options = { sort: 'n', fields: 'n, title:excerpt(4,true), meta.nested' };
  const results: unknown[][] = [];
  replica.collection('notes').watchList(1, 2, options, (r) => results.push(r.items));
  await tick();
  const expected = [
    { n: 1, title: 'note...', meta: { nested: { ok: true } } },
    { n: 2, title: 'note...', meta: { nested: { ok: true } } },
  ];
  expect(results).toEqual([expected]);
  expect((await replica.collection('notes').getList(1, 2, options)).items).toEqual(expected);
  expect(
    (await replica.collection('notes').getFullList({ ...options, filter: 'n <= 2' })).map((r) => r),
  ).toEqual(expected);
});
