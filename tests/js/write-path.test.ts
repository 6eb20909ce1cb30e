// The one write path: every record from outside enters through the sync's rules, the engine reports
// what each commit did, and one sink tells live queries and change listeners (js/change-sink.ts).
import { openReplica, type ChangeEvent, type Replica } from '../../js/index.js';
import { note, notesCollection } from '../support/schema-fixtures.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

const tagsCollection = {
  id: 'pbc_tags',
  name: 'tags',
  type: 'base',
  fields: [
    { id: 't_label', name: 'label', type: 'text' },
    {
      id: 't_note',
      name: 'note',
      type: 'relation',
      collectionId: 'pbc_notes',
      maxSelect: 1,
      cascadeDelete: true,
    },
  ],
};

let replica: Replica;
let events: ChangeEvent[];
beforeEach(async () => {
  replica = await openReplica({ url: 'http://write-path.test', schema: [notesCollection, tagsCollection] });
  events = [];
  replica.onChange((event) => events.push(event));
});
afterEach(() => replica.close());

const summary = (e: ChangeEvent) => `${e.origin} ${e.type} ${e.id}`;

test('an older server copy upserted over a pending local edit changes nothing', async () => {
  const notes = replica.collection('notes');
  await notes.upsert(note(1));
  const edited = await notes.update(note(1).id, { title: 'local edit' });
  events.length = 0;
  const older = { ...note(1), title: 'older', updated: '2025-12-31 00:00:00.000Z' };
  expect(await notes.upsert(older)).toEqual({ applied: 0, skipped: 1, failed: [] });
  const held = await notes.getOne(note(1).id);
  expect(held.title).toBe('local edit');
  expect(held.updated).toBe(edited.updated); // never backwards
  expect(events).toEqual([]);
  expect((await notes.syncState(note(1).id)).state).toBe('pending'); // the edit still waits
});

test('a newer server copy merges under a pending edit and is reported once', async () => {
  const notes = replica.collection('notes');
  await notes.upsert(note(1));
  await notes.update(note(1).id, { title: 'local edit' });
  events.length = 0;
  const newer = { ...note(1), title: 'server title', n: 99, updated: '2026-06-01 00:00:00.000Z' };
  expect(await notes.upsert(newer)).toEqual({ applied: 1, skipped: 0, failed: [] });
  expect(await notes.upsert(newer)).toEqual({ applied: 0, skipped: 1, failed: [] }); // again: a duplicate
  expect(events.map(summary)).toEqual([`server notes:updated ${note(1).id}`]);
  expect(events[0]!.record).toMatchObject({ title: 'local edit', n: 99 }); // as the replica holds it
});

test('every change is reported with its value: upserts, local writes and cascading deletes', async () => {
  const notes = replica.collection('notes');
  const tags = replica.collection('tags');
  await notes.upsert([note(1), note(2)]);
  await tags.create({ id: 'tag000000000001', label: 'x', note: note(1).id });
  await notes.update(note(2).id, { title: 'edited' });
  await notes.delete(note(1).id); // the tag pointing at it goes with it, as on the server
  expect(events.map(summary)).toEqual([
    `server notes:created ${note(1).id}`,
    `server notes:created ${note(2).id}`,
    'local tags:created tag000000000001',
    `local notes:updated ${note(2).id}`,
    `local notes:deleted ${note(1).id}`,
    'local tags:deleted tag000000000001',
  ]);
  expect(events[3]!.record).toMatchObject({ title: 'edited' });
  expect(events[4]!.record).toMatchObject({ title: 'note 1' }); // a delete carries the last value
  expect(events[5]!.record).toMatchObject({ label: 'x' });
});

test('records are read back for listeners only while someone listens', async () => {
  const quiet = await openReplica({ url: 'http://write-path.test/quiet', schema: [notesCollection] });
  const module = (quiet.engine() as unknown as { module: { getOne: (...a: unknown[]) => number } }).module;
  let reads = 0;
  const getOne = module.getOne;
  module.getOne = (...args) => (reads++, getOne(...args));
  await quiet.collection('notes').upsert([note(1), note(2)]);
  await quiet.collection('notes').delete(note(1).id);
  expect(reads).toBe(0); // no JS read-back of what the engine did
  const seen: string[] = [];
  const stop = quiet.onChange((e) => seen.push(`${e.type} ${String(e.record?.title)}`));
  await quiet.collection('notes').update(note(2).id, { title: 'heard' });
  stop();
  await quiet.collection('notes').update(note(2).id, { title: 'unheard' });
  expect(seen).toEqual(['notes:updated heard']);
  expect(reads).toBe(0);
  await quiet.close();
});

test('a local write costs one wasm call plus the re-runs of the live queries it affects', async () => {
  const notes = replica.collection('notes');
  await notes.upsert([note(1), note(2), note(3)]);
  const titles: unknown[] = [];
  notes.watchList(1, 10, { sort: 'n' }, (r) => titles.push(r.items[1]?.title));
  notes.watchCount('n > 100', () => {});
  replica.collection('tags').watchList(1, 10, {}, () => {});
  await tick();
  const module = (replica.engine() as unknown as { module: Record<string, unknown> }).module;
  const calls: string[] = [];
  for (const name of ['create', 'update', 'remove', 'getList', 'count', 'getOne', 'upsert']) {
    const original = module[name] as (...a: unknown[]) => number;
    module[name] = (...args: unknown[]) => (calls.push(name), original(...args));
  }
  await notes.update(note(2).id, { title: 'once' });
  // The write, then the notes list and count (the tags list reads nothing that changed).
  expect(calls).toEqual(['update', 'getList', 'count']);
  await tick();
  expect(titles).toEqual(['note 2', 'once']);
});

test('a failed write reports nothing and leaves the replica as it was', async () => {
  const notes = replica.collection('notes');
  await notes.upsert(note(1));
  events.length = 0;
  await expect(notes.update(note(1).id, { tags: ['not a value'] })).rejects.toMatchObject({ status: 400 });
  await expect(notes.upsert('[{"id": ')).rejects.toMatchObject({ code: 'invalid_json' });
  expect(events).toEqual([]);
  expect((await notes.getOne(note(1).id)).tags).toEqual([]);
});
