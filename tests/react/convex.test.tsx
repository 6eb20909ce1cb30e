/**
 * @jest-environment ./tests/support/jsdom-environment.cjs
 */
// The Convex-compatible layer on the real engine: registered functions run against the replica.
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';

import { filter, openReplica, type Replica } from '../../js/index.js';
import PocketBase from 'pocketbase';

import {
  action,
  mutation,
  paginate,
  query,
  toConvexDocument,
  useAction,
  useConvexAuth,
  useMutation,
  usePaginatedQuery,
  useQuery,
  type PaginationOptions,
} from '../../js/convex/index.js';
import { opensyncSchema } from '../../js/opensync/index.js';
import type { SessionsRecord } from '../../js/opensync/types.js';
import { ReplicaProvider } from '../../js/react/index.js';
import type { StatusSource } from '../../js/react/status.js';
import type { RuntimeStatus } from '../../js/runtime/protocol.js';

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
    page: query(async ({ db }, { paginationOpts }: { paginationOpts: PaginationOptions }) => {
      const page = await paginate(db.collection('sessions'), { sort: 'totalTokens' }, paginationOpts);
      return { ...page, page: page.page.map((s) => s.title as string) };
    }, 'sessions:page'),
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

test('usePaginatedQuery: real cursors; loaded pages stay live, and an insert grows its page without a gap or a repeat', async () => {
  const { result } = renderHook(() => usePaginatedQuery(api.sessions.page, {}, { initialNumItems: 5 }), {
    wrapper,
  });
  expect(result.current.status).toBe('LoadingFirstPage');
  await waitFor(() => expect(result.current.status).toBe('CanLoadMore'));
  expect(result.current.results).toHaveLength(5);
  act(() => result.current.loadMore(5));
  await waitFor(() => expect(result.current.results).toHaveLength(10));
  act(() => result.current.loadMore(5));
  await waitFor(() => expect(result.current.status).toBe('Exhausted'));
  const titles = Array.from({ length: 12 }, (_, i) => `Session ${i + 1}`);
  expect(result.current.results).toEqual(titles);

  await act(() => replica.collection('sessions').update('s00000000000001', { title: 'First!' }));
  await waitFor(() => expect(result.current.results[0]).toBe('First!'));
  // Between Session 5 (500) and Session 6 (600): the end of the first page, which grows.
  await act(() =>
    replica
      .collection('sessions')
      .upsert({ id: 's00000000000099', user: USER, externalId: 'x', title: 'New', totalTokens: 550 }),
  );
  await waitFor(() => expect(result.current.results).toHaveLength(13));
  expect(result.current.results).toEqual(['First!', ...titles.slice(1, 5), 'New', ...titles.slice(5)]);
});

test('paginate: each page starts after the cursor it is given, ties broken by id; a foreign cursor is a 400', async () => {
  const records = replica.collection('sessions');
  await records.update('s00000000000003', { totalTokens: 200 }); // ties with Session 2
  const first = await paginate(
    records,
    { sort: '-totalTokens', filter: 'totalTokens <= 400' },
    { numItems: 2, cursor: null },
  );
  expect(first.page.map((s) => s.id)).toEqual(['s00000000000004', 's00000000000002']);
  expect(first.isDone).toBe(false);
  const second = await paginate(
    records,
    { sort: '-totalTokens', filter: 'totalTokens <= 400' },
    { numItems: 2, cursor: first.continueCursor },
  );
  expect(second.page.map((s) => s.id)).toEqual(['s00000000000003', 's00000000000001']);
  expect(second.isDone).toBe(true);
  await expect(
    paginate(records, { sort: 'title' }, { numItems: 2, cursor: first.continueCursor }),
  ).rejects.toMatchObject({
    status: 400,
    code: 'invalid_cursor',
  });
  await expect(
    paginate(records, { sort: 'session.title' }, { numItems: 2, cursor: null }),
  ).rejects.toMatchObject({
    status: 400,
    code: 'invalid_sort',
  });
});

// Convex's call shapes: functions without arguments are called without them.
const noArgs = {
  mine: query(async ({ db, userId }) => db.collection('sessions').count(`user = "${userId}"`), 'noargs:mine'),
  touch: mutation(
    async ({ db }) => (await db.collection('sessions').update('s00000000000001', { title: 'touched' })).title,
  ),
  whoami: action(async ({ userId }) => userId),
};

test('functions without arguments are called without them (types and run time), with `args` optional', async () => {
  const { result } = renderHook(
    () => ({
      count: useQuery(noArgs.mine),
      touch: useMutation(noArgs.touch),
      whoami: useAction(noArgs.whoami),
    }),
    { wrapper },
  );
  await waitFor(() => expect(result.current.count).toBe(12));
  expect(await act(() => result.current.touch())).toBe('touched');
  expect(await result.current.whoami()).toBe(USER);
});

test('getAllQueries: an optimistic update reaches every result of a query on screen', async () => {
  const { result } = renderHook(
    () => ({
      low: useQuery(api.sessions.titles, { min: 1100 }),
      high: useQuery(api.sessions.titles, { min: 1200 }),
      rename: useMutation(api.sessions.rename).withOptimisticUpdate((store, { id, title }) => {
        for (const { args, value } of store.getAllQueries(api.sessions.titles))
          if (value && id === 's00000000000012')
            store.setQuery(
              api.sessions.titles,
              args,
              value.map((t) => (t === 'Session 12' ? title : t)),
            );
      }),
    }),
    { wrapper },
  );
  await waitFor(() => expect(result.current.high).toEqual(['Session 12']));
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  let done!: Promise<unknown>;
  act(() => void (done = result.current.rename({ id: 's00000000000012', title: 'Twelve', gate })));
  expect(result.current.low).toEqual(['Session 11', 'Twelve']);
  expect(result.current.high).toEqual(['Twelve']);
  await act(async () => (open(), await done));
});

test("actions get the app's client (pb), runQuery and runMutation, and need the replica only when they use it", async () => {
  const pb = new PocketBase('http://127.0.0.1:9');
  const ops = action(async ({ pb, runQuery, runMutation }, { title }: { title: string }) => {
    await runMutation(api.sessions.rename, { id: 's00000000000012', title });
    return { server: pb.baseURL, titles: await runQuery(api.sessions.titles, { min: 1200 }) };
  }, 'ops:run');
  const { result } = renderHook(() => useAction(ops), {
    wrapper: ({ children }) => (
      <ReplicaProvider replica={replica} pb={pb}>
        {children}
      </ReplicaProvider>
    ),
  });
  expect(await result.current({ title: 'via action' })).toEqual({
    server: 'http://127.0.0.1:9',
    titles: ['via action'],
  });

  // A provider that cannot connect (no Worker in Node): an action that does not read the replica
  // runs; one that does fails with the provider's error.
  const server = action(async ({ pb }) => pb.baseURL, 'ops:server');
  const local = action(async ({ db }) => db.collection('sessions').count(), 'ops:local');
  const owned = ({ children }: { children?: ReactNode }) => (
    <ReplicaProvider pb={pb} worker={() => new Worker('missing.js')}>
      {children}
    </ReplicaProvider>
  );
  const { result: hooks } = renderHook(() => ({ server: useAction(server), local: useAction(local) }), {
    wrapper: owned,
  });
  expect(await hooks.current.server()).toBe('http://127.0.0.1:9');
  await expect(hooks.current.local()).rejects.toBeInstanceOf(Error);
  // And without a client, pb says so.
  const { result: bare } = renderHook(() => useAction(server), { wrapper });
  await expect(bare.current()).rejects.toMatchObject({ code: 'no_client' });
});

test('useConvexAuth: authenticated with a signed-in replica, not for a guest, nor once the server refuses the token', async () => {
  const { result } = renderHook(() => useConvexAuth(), { wrapper });
  expect(result.current).toEqual({ isLoading: false, isAuthenticated: true });

  const guest = await openReplica({ url: 'http://convex.test', schema: opensyncSchema });
  const { result: anonymous } = renderHook(() => useConvexAuth(), {
    wrapper: ({ children }) => <ReplicaProvider replica={guest}>{children}</ReplicaProvider>,
  });
  expect(anonymous.current).toEqual({ isLoading: false, isAuthenticated: false });
  await guest.close();

  // The sync's status as a ReplicaClient reports it: paused is the server refusing the token.
  const listeners = new Set<(status: RuntimeStatus) => void>();
  let status: RuntimeStatus = {
    role: 'leader',
    tabs: 1,
    storage: null,
    sync: { status: 'live', pending: 0, failed: 0 },
  };
  const source: StatusSource = {
    get status() {
      return status;
    },
    onStatus: (listener) => (listeners.add(listener), () => void listeners.delete(listener)),
  };
  const { result: refused } = renderHook(() => useConvexAuth(), {
    wrapper: ({ children }) => (
      <ReplicaProvider replica={replica} status={source}>
        {children}
      </ReplicaProvider>
    ),
  });
  expect(refused.current.isAuthenticated).toBe(true);
  act(() => {
    status = {
      ...status,
      sync: { status: 'paused', reason: 'the server refused the auth token', pending: 0, failed: 0 },
    };
    for (const listener of listeners) listener(status);
  });
  expect(refused.current).toEqual({ isLoading: false, isAuthenticated: false });

  // While the signed-in user's replica connects: loading.
  const pb = new PocketBase('http://127.0.0.1:9');
  pb.authStore.save('token', { id: USER, collectionId: '_pb_users_auth_', collectionName: 'users' });
  const { result: connecting } = renderHook(() => useConvexAuth(), {
    wrapper: ({ children }) => (
      <ReplicaProvider pb={pb} worker={() => new Worker('missing.js')}>
        {children}
      </ReplicaProvider>
    ),
  });
  expect(connecting.current).toEqual({ isLoading: true, isAuthenticated: false });
  // It cannot connect here (no Worker in Node): no longer loading, and not authenticated.
  await waitFor(() => expect(connecting.current).toEqual({ isLoading: false, isAuthenticated: false }));
});

test('documents: "convex": every record a query reads has _id, _creationTime, createdAt and updatedAt, expanded ones too', async () => {
  await replica
    .collection('messages')
    .upsert({ id: 'm00000000000001', session: 's00000000000001', role: 'user' });
  await replica.collection('sessions').upsert({
    id: 's00000000000001',
    created: '2026-01-02 03:04:05.678Z',
    updated: '2026-02-03 04:05:06.789Z',
  });
  const shaped = query({
    name: 'docs:messages',
    documents: 'convex',
    handler: async ({ db }) => db.collection('messages').getFullList({ expand: 'session' }),
  });
  const { result } = renderHook(() => useQuery(shaped), { wrapper });
  await waitFor(() => expect(result.current).toHaveLength(1));
  const [message] = result.current as unknown as Array<
    Record<string, unknown> & { expand: { session: Record<string, unknown> } }
  >;
  expect(message!._id).toBe('m00000000000001');
  expect(message!.expand.session._id).toBe('s00000000000001');
  const session = await replica.collection('sessions').getOne('s00000000000001');
  expect(message!.expand.session._creationTime).toBe(Date.parse(String(session.created).replace(' ', 'T')));
  expect(message!.expand.session.updatedAt).toBe(Date.parse(String(session.updated).replace(' ', 'T')));

  const doc = toConvexDocument({ id: 'x', created: '2026-01-02 03:04:05.678Z', updated: '', createdAt: 5 });
  expect(doc).toMatchObject({ _id: 'x', _creationTime: Date.UTC(2026, 0, 2, 3, 4, 5, 678), createdAt: 5 });
  expect(doc.updatedAt).toBe(doc._creationTime);
});
