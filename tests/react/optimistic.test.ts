// What a page shows for its own write before a worker replica answers (js/react/optimistic.ts,
// LiveCache.showWrite): only values the engine keeps as given, wherever a live value holds the record.
import { LiveCache } from '../../js/react/live-store.js';
import { patchValue } from '../../js/react/optimistic.js';
import type { LocalWrite } from '../../js/source.js';

type Rec = { id: string; title: string; expand?: Record<string, unknown> } & Record<string, unknown>;
const record = (id: string, fields: Record<string, unknown>): Rec => ({
  id,
  collectionId: 'c1',
  collectionName: 'notes',
  updated: 'u',
  title: '',
  ...fields,
});
const alpha = record('a', { title: 'alpha', total: 1, tags: ['x'], meta: null });
const beta = record('b', { title: 'beta', total: 2, tags: [], meta: null });
const page = { page: 1, perPage: 2, totalItems: 3, totalPages: 2, items: [alpha, beta] };
const committed = Promise.resolve(true);
const update = (id: string, data: Record<string, unknown>, done = committed): LocalWrite => ({
  collection: 'notes',
  id,
  data,
  done,
});
const remove = (id: string, done = committed): LocalWrite => ({ collection: 'notes', id, data: null, done });

test('an update patches the fields a record shows, with values the engine keeps as given', () => {
  const next = patchValue(
    page,
    update('a', {
      title: 'aardvark',
      total: '7', // a string for a number: the engine decides, so it waits for the replica
      'total+': 1, // a modifier: the engine computes it
      tags: ['y'],
      meta: { k: 1 }, // an empty field takes any JSON value
      updated: 'now', // the engine's to set
      hidden: 'x', // not in the result (a `fields` option left it out)
      when: new Date(),
    }),
  ) as typeof page;
  expect(next.items[0]).toEqual({ ...alpha, title: 'aardvark', tags: ['y'], meta: { k: 1 } });
  expect(next.items[1]).toBe(beta);
  expect(alpha.title).toBe('alpha'); // the result is never changed in place
});

test('the record is found in any value: arrays, composites, expanded relations', () => {
  const session = record('s', { title: 'chat', expand: { owner: record('a', { title: 'alpha' }) } });
  const composite = { session, messages: [alpha, beta] };
  const next = patchValue(composite, update('a', { title: 'z' })) as typeof composite;
  expect(next.messages[0]!.title).toBe('z');
  expect((next.session.expand!.owner as Rec).title).toBe('z');
  expect(patchValue([alpha, beta], remove('b'))).toEqual([alpha]);
  expect(patchValue(alpha, remove('a'))).toBeNull();
});

test('a write that does not show in a value leaves it as it is', () => {
  expect(patchValue(page, update('c', { title: 'gamma' }))).toBe(page);
  expect(patchValue(page, { ...update('a', { title: 'x' }), collection: 'other' })).toBe(page);
  expect(patchValue(page, update('a', { title: 'alpha', total: Number.NaN }))).toBe(page);
  expect(patchValue(3, remove('a'))).toBe(3);
  // A record's own JSON fields are not searched (only its expanded relations).
  const holder = record('h', { data: { inner: record('a', { title: 'alpha' }) } });
  expect(patchValue(holder, update('a', { title: 'z' }))).toBe(holder);
});

test('a delete drops the record from a list page and counts it out', () => {
  expect(patchValue(page, remove('b'))).toEqual({ ...page, totalItems: 2, totalPages: 1, items: [alpha] });
  const uncounted = { ...page, totalItems: -1, totalPages: -1 }; // skipTotal
  expect(patchValue(uncounted, remove('b'))).toEqual({ ...uncounted, items: [alpha] });
});

test('the cache shows a write at once, keeps it until the next result, and drops a refused one', async () => {
  const cache = new LiveCache();
  let push: (value: typeof page) => void = () => {};
  const entry = cache.entry<typeof page>('list', (p) => ((push = p), () => {}));
  entry.subscribe(() => {});
  push(page);
  const titles = () => entry.getSnapshot().data!.items.map((n) => n.title);

  let refuse = (_ok: boolean) => {};
  cache.showWrite(update('b', { title: 'refused' }, new Promise((r) => (refuse = r))));
  cache.showWrite(update('a', { title: 'one' }));
  expect(titles()).toEqual(['one', 'refused']);
  expect(entry.getSnapshot().data!.items[1]).not.toBe(beta);
  await committed;
  refuse(false);
  await new Promise((r) => setTimeout(r, 0));
  expect(titles()).toEqual(['one', 'beta']); // the refused write is gone, the committed one waits
  expect(entry.getSnapshot().data!.items[1]).toBe(beta); // and the row keeps its object
  push({ ...page, items: [{ ...alpha, title: 'one' }, beta] });
  expect(titles()).toEqual(['one', 'beta']);
  push(page); // a later result without it: the committed write's overlay went with the last one
  expect(titles()).toEqual(['alpha', 'beta']);
});
