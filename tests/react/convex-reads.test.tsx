/**
 * @jest-environment ./tests/support/jsdom-environment.cjs
 */
// A Convex query stays current whatever API it reads through: for each read of the replica's
// interface, a write that changes the read's answer re-runs the query (its result changes), and a
// write that does not leaves it alone (the function does not run; the result keeps its identity).
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';

import { filter, openReplica, type Replica } from '../../js/index.js';
import { query, useQuery } from '../../js/convex/index.js';
import { opensyncAnalytics, opensyncSchema } from '../../js/opensync/index.js';
import { ReplicaProvider } from '../../js/react/index.js';
import type { SessionsRecord } from '../../js/opensync/types.js';
import type { ReplicaSource } from '../../js/source.js';

let replica: Replica;
const wrapper = ({ children }: { children?: ReactNode }) => (
  <ReplicaProvider replica={replica}>{children}</ReplicaProvider>
);
const USER = 'u00000000000001';
const sid = (i: number) => `s${String(i).padStart(14, '0')}`;
const eid = (i: number) => `e${String(i).padStart(14, '0')}`;

beforeEach(async () => {
  replica = await openReplica({
    url: 'http://convex-reads.test',
    userId: USER,
    schema: opensyncSchema,
    search: { sessions: ['title'] },
    vectors: { sessionEmbeddings: { embedding: { dimension: 4 } } },
  });
  await replica.collection('sessions').upsert(
    Array.from({ length: 12 }, (_, i) => ({
      id: sid(i + 1),
      user: USER,
      externalId: `e${i}`,
      title: `Session ${i + 1}`,
      totalTokens: (i + 1) * 100,
      created: '2026-01-02 03:04:05.000Z',
      updated: '2026-01-02 03:04:05.000Z',
    })),
  );
  await replica.collection('messages').upsert({ id: 'm00000000000001', session: sid(1), role: 'user' });
  await replica.collection('sessionEmbeddings').upsert([
    { id: eid(1), session: sid(1), user: USER, embedding: [0.6, 0.8, 0, 0] },
    { id: eid(2), session: sid(2), user: USER, embedding: [0, 0, 1, 0] },
  ]);
});
afterEach(() => replica.close());

const sessions = () => replica.collection('sessions');
const retitle = (i: number, title = `retitled ${i}`) => sessions().update(sid(i), { title });
const embedding = (i: number, vector: number[]) =>
  replica
    .collection('sessionEmbeddings')
    .upsert({ id: eid(i), session: sid(1), user: USER, embedding: vector });
const ids = (hits: { items: Array<{ id?: string; record?: { id: string } }> }) =>
  hits.items.map((hit) => hit.id ?? hit.record!.id);
const embed = async () => [1, 0, 0, 0];

interface ReadCase {
  /** What the query reads, through one API. */
  read: (db: ReplicaSource) => Promise<unknown>;
  /** A write its answer does not change. */
  keeps: () => Promise<unknown>;
  /** A write that changes it. */
  changes: () => Promise<unknown>;
  /** The read's answer holds more than the result (byte counts): the query may run, its result stays the same object. */
  mayRun?: true;
}

const READS: Record<string, ReadCase> = {
  getOne: {
    read: (db) => db.collection('sessions').getOne(sid(1)),
    keeps: () => retitle(2),
    changes: () => retitle(1),
  },
  'getOne with expand': {
    read: async (db) =>
      (await db.collection('messages').getOne('m00000000000001', { expand: 'session' })).expand,
    keeps: () => retitle(2),
    changes: () => retitle(1),
  },
  getList: {
    read: (db) => db.collection('sessions').getList(1, 3, { sort: '-totalTokens' }),
    keeps: () => retitle(1),
    changes: () => retitle(12),
  },
  'getList with expand (back-relation)': {
    read: async (db) =>
      (await db.collection('sessions').getList(1, 1, { sort: 'totalTokens', expand: 'messages_via_session' }))
        .items[0]!.expand,
    keeps: () => replica.collection('parts').upsert({ id: 'p00000000000001', message: 'm00000000000001' }),
    changes: () =>
      replica.collection('messages').upsert({ id: 'm00000000000002', session: sid(1), role: 'assistant' }),
  },
  getFullList: {
    read: (db) => db.collection('sessions').getFullList({ filter: 'totalTokens >= 1100', sort: 'id' }),
    keeps: () => retitle(1),
    changes: () => retitle(11),
  },
  getFirstListItem: {
    read: (db) => db.collection('sessions').getFirstListItem('totalTokens > 1150'),
    keeps: () => retitle(1),
    changes: () => retitle(12),
  },
  count: {
    read: (db) => db.collection('sessions').count('totalTokens >= 1000'),
    keeps: () => retitle(1),
    changes: () => sessions().update(sid(1), { totalTokens: 5000 }),
  },
  'query builder': {
    read: (db) =>
      db.collection<SessionsRecord>('sessions').query().where('totalTokens', '>', 1100).getFullList(),
    keeps: () => retitle(1),
    changes: () => retitle(12),
  },
  search: {
    read: (db) => db.collection('sessions').search('alpha'),
    keeps: () => retitle(2, 'beta'),
    changes: () => retitle(3, 'alpha'),
  },
  vectorSearch: {
    read: async (db) => ids(await db.collection('sessionEmbeddings').vectorSearch([1, 0, 0, 0], { k: 1 })),
    keeps: () => embedding(3, [-1, 0, 0, 0]),
    changes: () => embedding(3, [1, 0, 0, 0]),
  },
  similar: {
    read: async (db) => ids(await db.collection('sessionEmbeddings').similar(eid(2), { k: 1 })),
    keeps: () => embedding(3, [-1, 0, 0, 0]),
    changes: () => embedding(3, [0, 0.1, 1, 0]),
  },
  // An embed callback cannot be asked again without calling it: the query runs after each write
  // to what it reads, and only those.
  'hybridSearch (vectors in a related collection)': {
    read: async (db) =>
      ids(
        await db.collection('sessions').hybridSearch('alpha', {
          embed,
          k: 2,
          vectors: { collection: 'sessionEmbeddings', relation: 'session' },
        }),
      ),
    keeps: () =>
      replica.collection('messages').upsert({ id: 'm00000000000003', session: sid(2), role: 'user' }),
    changes: () => retitle(3, 'alpha'),
  },
  vectorStats: {
    read: async (db) => (await db.collection('sessionEmbeddings').vectorStats()).count,
    keeps: () => embedding(2, [0, 1, 0, 0]),
    changes: () => embedding(3, [0, 1, 0, 0]),
  },
  syncState: {
    read: (db) => db.collection('sessions').syncState(sid(1)),
    keeps: () => retitle(2),
    changes: () => retitle(1),
  },
  syncStates: {
    read: async (db) => Object.keys(await db.collection('sessions').syncStates()),
    keeps: () => sessions().upsert({ id: sid(3), user: USER, externalId: 'e2', title: 'from the server' }),
    changes: () => retitle(1),
  },
  canDelete: {
    read: (db) => db.collection('sessions').canDelete(sid(1)),
    keeps: () => retitle(1),
    changes: () => sessions().delete(sid(1)),
  },
  outbox: {
    read: async (db) => (await db.outbox()).length,
    keeps: () => sessions().upsert({ id: sid(3), user: USER, externalId: 'e2', title: 'from the server' }),
    changes: () => retitle(1),
  },
  rollup: {
    read: async (db) =>
      (
        await db.rollup('tokens').catch(() =>
          db.defineRollup('sessions', 'tokens', {
            measures: [{ name: 'sum', op: 'sum', field: 'totalTokens' }],
          }),
        )
      ).rows,
    keeps: () => retitle(1),
    changes: () => sessions().update(sid(1), { totalTokens: 5000 }),
  },
  aggregate: {
    read: async (db) =>
      (await db.aggregate('sessions', { filter: 'totalTokens > 500', measures: [{ op: 'count' }] })).rows,
    keeps: () => retitle(1),
    changes: () => sessions().update(sid(1), { totalTokens: 5000 }),
  },
  'opensyncAnalytics (rollups)': {
    read: async (db) => (await opensyncAnalytics(db)).summaryStats,
    keeps: () => retitle(1), // moves the rollup's lastActiveAt, which the summary leaves out
    changes: () => sessions().upsert({ id: sid(13), user: USER, externalId: 'e13', totalTokens: 7 }),
    mayRun: true,
  },
  storageStats: {
    read: async (db) => (await db.storageStats()).find((table) => table.name === 'sessions')?.rows,
    keeps: () => retitle(1),
    changes: () => sessions().upsert({ id: sid(13), user: USER, externalId: 'e13' }),
    mayRun: true,
  },
  columnStats: {
    read: async (db) => {
      await db.aggregate('sessions', { measures: [{ op: 'sum', field: 'totalTokens' }] });
      return (await db.columnStats()).find((table) => table.collection === 'sessions')?.rows;
    },
    keeps: () => retitle(1),
    changes: () => sessions().upsert({ id: sid(13), user: USER, externalId: 'e13' }),
    mayRun: true,
  },
  collections: {
    read: async (db) => (await db.collections()).length,
    keeps: () => retitle(1),
    changes: () =>
      replica.applySchema([
        ...(opensyncSchema as object[]),
        { id: 'pbc_notes0000001', name: 'notes', type: 'base', fields: [{ name: 'body', type: 'text' }] },
      ]),
  },
};

// Lets every run and replay that a write started finish.
const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 60)));

test.each(Object.entries(READS))(
  '%s: re-runs after a write that changes it, and not after one that does not',
  async (name, c) => {
    let runs = 0;
    const ref = query(async ({ db }) => {
      runs++;
      return { value: await c.read(db) };
    }, `reads:${name}`);
    const { result } = renderHook(() => useQuery(ref), { wrapper });
    await waitFor(() => expect(result.current).toBeDefined());
    await settle();
    const first = result.current!;
    const runsBefore = runs;

    await act(c.keeps);
    await settle();
    expect(result.current).toBe(first);
    if (!c.mayRun) expect(runs).toBe(runsBefore);

    await act(c.changes);
    await waitFor(() => expect(result.current).not.toEqual(first));
    expect(runs).toBeGreaterThan(runsBefore);
  },
);

test('a query that reads nothing runs once; one whose reads change with its data watches the new ones', async () => {
  let runs = 0;
  const pure = query(async () => (runs++, 42), 'reads:none');
  const { result } = renderHook(() => useQuery(pure), { wrapper });
  await waitFor(() => expect(result.current).toBe(42));
  await act(() => retitle(1));
  await settle();
  expect(runs).toBe(1);

  // Reads the session the first message points at: after the message moves, the other session.
  const chained = query(async ({ db }) => {
    const message = await db.collection('messages').getOne('m00000000000001');
    return (await db.collection('sessions').getOne(message.session as string)).title;
  }, 'reads:chained');
  const { result: title } = renderHook(() => useQuery(chained), { wrapper });
  await waitFor(() => expect(title.current).toBe('retitled 1'));
  await act(() =>
    replica.collection('messages').upsert({ id: 'm00000000000001', session: sid(2), role: 'user' }),
  );
  await waitFor(() => expect(title.current).toBe('Session 2'));
  await act(() => retitle(2, 'two'));
  await waitFor(() => expect(title.current).toBe('two'));
});

test('a read that fails is watched too: the query recovers when the record appears', async () => {
  const one = query(
    async ({ db }) =>
      db
        .collection('sessions')
        .getOne(sid(20))
        .then(
          (s) => s.title,
          () => 'missing',
        ),
    'reads:missing',
  );
  const { result } = renderHook(() => useQuery(one), { wrapper });
  await waitFor(() => expect(result.current).toBe('missing'));
  await act(() => sessions().upsert({ id: sid(20), user: USER, externalId: 'e20', title: 'here now' }));
  await waitFor(() => expect(result.current).toBe('here now'));
});

test('filters through relations are watched: a change to the related record re-runs the query', async () => {
  const byTitle = query(
    async ({ db }, { title }: { title: string }) =>
      (await db.collection('messages').getFullList({ filter: filter('session.title = {:title}', { title }) }))
        .length,
    'reads:relation-filter',
  );
  const { result } = renderHook(() => useQuery(byTitle, { title: 'wanted' }), { wrapper });
  await waitFor(() => expect(result.current).toBe(0));
  await act(() => retitle(1, 'wanted'));
  await waitFor(() => expect(result.current).toBe(1));
});
