/**
 * @jest-environment ./tests/support/jsdom-environment.cjs
 */
// The Convex-compatible layer on the real engine: registered functions run against the replica.
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';

import { filter, openReplica, type Replica } from '../../js/index.js';
import {
  action,
  mutation,
  query,
  useAction,
  useMutation,
  usePaginatedQuery,
  useQuery,
} from '../../js/convex/index.js';
import { opensyncSchema } from '../../js/opensync/index.js';
import type { SessionsRecord } from '../../js/opensync/types.js';
import { ReplicaProvider } from '../../js/react/index.js';

let replica: Replica;
const wrapper = ({ children }: { children?: ReactNode }) => (
  <ReplicaProvider replica={replica}>{children}</ReplicaProvider>
);
const USER = 'u00000000000001';

beforeEach(async () => {
  replica = await openReplica({ url: 'http://convex.test', userId: USER, schema: opensyncSchema });
  await replica.collection('sessions').upsert(
    Array.from({ length: 12 }, (_, i) => ({
      id: `s${String(i + 1).padStart(14, '0')}`,
      user: USER,
      externalId: `e${i}`,
      title: `Session ${i + 1}`,
      totalTokens: (i + 1) * 100,
    })),
  );
});
afterEach(() => replica.close());

let listRuns = 0;
const api = {
  sessions: {
    titles: query(async ({ db }, { min }: { min: number }) => {
      listRuns++;
      const items = await db
        .collection('sessions')
        .getFullList({ filter: filter('totalTokens >= {:min}', { min }), sort: 'totalTokens' });
      return items.map((s) => s.title as string);
    }, 'sessions:titles'),
    rename: mutation(
      async ({ db }, { id, title, gate }: { id: string; title: string; gate?: Promise<void> }) => {
        await gate;
        return db.collection<SessionsRecord>('sessions').update(id, { title });
      },
      'sessions:rename',
    ),
    page: query(
      async ({ db }, { paginationOpts }: { paginationOpts: { numItems: number; cursor: string | null } }) => {
        const list = await db
          .collection('sessions')
          .getList(1, paginationOpts.numItems, { sort: 'totalTokens' });
        return {
          page: list.items.map((s) => s.title as string),
          isDone: list.totalItems <= list.items.length,
          continueCursor: null,
        };
      },
      'sessions:page',
    ),
    total: action(
      async ({ db, userId }) => ({ userId, count: await db.collection('sessions').count() }),
      'sessions:total',
    ),
  },
};

test('useQuery: undefined while loading, then the result, live; "skip" runs nothing', async () => {
  listRuns = 0;
  const { result: skipped } = renderHook(() => useQuery(api.sessions.titles, 'skip'), { wrapper });
  await act(() => new Promise((r) => setTimeout(r, 20)));
  expect(skipped.current).toBeUndefined();
  expect(listRuns).toBe(0);

  const { result } = renderHook(() => useQuery(api.sessions.titles, { min: 1000 }), { wrapper });
  expect(result.current).toBeUndefined();
  await waitFor(() => expect(result.current).toEqual(['Session 10', 'Session 11', 'Session 12']));
  await act(() => replica.collection('sessions').update('s00000000000011', { title: 'Eleven' }));
  await waitFor(() => expect(result.current).toEqual(['Session 10', 'Eleven', 'Session 12']));
});

test('useMutation with an optimistic update: shown at once, kept on success, rolled back on failure', async () => {
  const { result } = renderHook(
    () => ({
      titles: useQuery(api.sessions.titles, { min: 1100 }),
      rename: useMutation(api.sessions.rename).withOptimisticUpdate((store, { id, title }) => {
        const current = store.getQuery(api.sessions.titles, { min: 1100 });
        // Session 11 is the first of this query's titles.
        if (current && id.endsWith('11'))
          store.setQuery(api.sessions.titles, { min: 1100 }, [title, ...current.slice(1)]);
      }),
    }),
    { wrapper },
  );
  await waitFor(() => expect(result.current.titles).toEqual(['Session 11', 'Session 12']));

  // Success: the optimistic title shows before the mutation runs, and stays.
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  let done!: Promise<unknown>;
  act(() => void (done = result.current.rename({ id: 's00000000000011', title: 'Optimistic', gate })));
  expect(result.current.titles).toEqual(['Optimistic', 'Session 12']);
  await act(async () => (open(), await done));
  await waitFor(() => expect(result.current.titles).toEqual(['Optimistic', 'Session 12']));
  expect((await replica.collection('sessions').getOne('s00000000000011')).title).toBe('Optimistic');

  // Failure (a title over its limit): shown, then rolled back to the replica's value.
  let rejected!: Promise<unknown>;
  let open2!: () => void;
  const gate2 = new Promise<void>((r) => (open2 = r));
  act(
    () =>
      void (rejected = result.current
        .rename({ id: 's00000000000011', title: 'x'.repeat(600), gate: gate2 })
        .catch((e) => e)),
  );
  expect(result.current.titles![0]).toHaveLength(600);
  await act(async () => (open2(), await rejected));
  expect(await rejected).toMatchObject({ status: 400 });
  expect(result.current.titles).toEqual(['Optimistic', 'Session 12']);
});

test('usePaginatedQuery: pages grow with loadMore and stay live; useAction runs against the replica', async () => {
  const { result } = renderHook(() => usePaginatedQuery(api.sessions.page, {}, { initialNumItems: 5 }), {
    wrapper,
  });
  expect(result.current.status).toBe('LoadingFirstPage');
  await waitFor(() => expect(result.current.status).toBe('CanLoadMore'));
  expect(result.current.results).toHaveLength(5);
  act(() => void result.current.loadMore(5));
  await waitFor(() => expect(result.current.results).toHaveLength(10));
  act(() => void result.current.loadMore(5));
  await waitFor(() => expect(result.current.status).toBe('Exhausted'));
  expect(result.current.results).toHaveLength(12);
  await act(() => replica.collection('sessions').update('s00000000000001', { title: 'First!' }));
  await waitFor(() => expect(result.current.results[0]).toBe('First!'));

  const { result: run } = renderHook(() => useAction(api.sessions.total), { wrapper });
  expect(await run.current({})).toEqual({ userId: USER, count: 12 });
});
