/**
 * @jest-environment ./tests/support/jsdom-environment.cjs
 */
// The React hooks on the real engine (Node, the real .wasm), rendered with React Testing Library.
import { act, render, renderHook, screen, waitFor } from '@testing-library/react';
import { memo, type ReactNode } from 'react';

import { filter, openReplica, type Replica } from '../../js/index.js';
import { opensyncSchema, opensyncSearch } from '../../js/opensync/index.js';
import type { SessionsRecord } from '../../js/opensync/types.js';
import {
  ReplicaProvider,
  useQuery,
  useMutation,
  useLiveRecord,
  useSearch,
  useCount,
} from '../../js/react/index.js';
import { shareEqual } from '../../js/react/live-store.js';

let replica: Replica;
const wrapper = ({ children }: { children?: ReactNode }) => (
  <ReplicaProvider replica={replica}>{children}</ReplicaProvider>
);

const session = (i: number, extra: Partial<SessionsRecord> = {}) => ({
  id: `s${String(i).padStart(14, '0')}`,
  user: 'u00000000000001',
  externalId: `ext-${i}`,
  title: `Session ${i}`,
  totalTokens: i * 10,
  source: i % 2 ? 'claude-code' : 'opencode',
  created: `2026-01-${String((i % 28) + 1).padStart(2, '0')} 10:00:00.000Z`,
  updated: `2026-01-${String((i % 28) + 1).padStart(2, '0')} 10:00:00.000Z`,
  ...extra,
});

beforeEach(async () => {
  replica = await openReplica({
    url: 'http://react.test',
    userId: 'u00000000000001',
    schema: opensyncSchema,
    search: opensyncSearch,
  });
  await replica.collection('users').upsert({
    id: 'u00000000000001',
    email: 'a@b.c',
    created: '2026-01-01 00:00:00.000Z',
    updated: '2026-01-01 00:00:00.000Z',
  });
  await replica.collection('sessions').upsert(Array.from({ length: 30 }, (_, i) => session(i + 1)));
});
afterEach(async () => {
  await replica.close();
});

test('useQuery: a page, loading first, then data shaped like getList', async () => {
  const { result } = renderHook(() => useQuery('sessions', { perPage: 5, sort: '-totalTokens' }), {
    wrapper,
  });
  expect(result.current.isLoading).toBe(true);
  expect(result.current.data).toBeUndefined();
  await waitFor(() => expect(result.current.isLoading).toBe(false));
  expect(result.current.error).toBeNull();
  expect(result.current.data!.totalItems).toBe(30);
  expect(result.current.data!.items.map((s) => s.totalTokens)).toEqual([300, 290, 280, 270, 260]);
});

test('useQuery: one, first, full, the typed builder, and skip', async () => {
  const id = session(7).id;
  const { result } = renderHook(
    () => ({
      one: useQuery('sessions', { one: id }),
      missing: useLiveRecord('sessions', 'nonexistent00001'),
      first: useQuery('sessions', {
        first: true,
        sort: '-totalTokens',
        filter: filter('source = {:s}', { s: 'opencode' }),
      }),
      full: useQuery<'sessions', SessionsRecord>('sessions', {
        full: true,
        where: (q) => q.where('totalTokens', '>', 250).sort('totalTokens'),
      }),
      skipped: useQuery('sessions', 'skip'),
    }),
    { wrapper },
  );
  expect(result.current.skipped).toMatchObject({ data: undefined, isLoading: false, error: null });
  await waitFor(() => expect(result.current.full.isLoading).toBe(false));
  await waitFor(() => expect(result.current.missing.isLoading).toBe(false));
  expect(result.current.one.data).toMatchObject({ id, title: 'Session 7' });
  expect(result.current.missing.data).toBeNull();
  expect(result.current.first.data).toMatchObject({ totalTokens: 300, source: 'opencode' });
  expect(result.current.full.data!.map((s) => s.totalTokens)).toEqual([260, 270, 280, 290, 300]);
  expect(result.current.skipped.data).toBeUndefined();
});

test('a bad filter is an error state naming the problem; the replica stays usable', async () => {
  const { result } = renderHook(() => useQuery('sessions', { filter: 'nosuchfield = 1' }), { wrapper });
  await waitFor(() => expect(result.current.isLoading).toBe(false));
  expect(result.current.data).toBeUndefined();
  expect(result.current.error?.message).toMatch(/nosuchfield/);
  expect(await replica.collection('sessions').count()).toBe(30);
});

test('live: a write re-renders the list that changed, and nothing else', async () => {
  const renders = { list: 0, count: 0, row: new Map<string, number>() };
  const Row = memo(function Row({ record }: { record: SessionsRecord }) {
    renders.row.set(record.id, (renders.row.get(record.id) ?? 0) + 1);
    return <li>{record.title}</li>;
  });
  function Top() {
    const { data } = useQuery<'sessions', SessionsRecord>('sessions', { perPage: 5, sort: '-totalTokens' });
    renders.list++;
    return (
      <ul>
        {data?.items.map((s) => (
          <Row key={s.id} record={s} />
        ))}
      </ul>
    );
  }
  function Count() {
    const { data } = useCount('sessions', 'source = "opencode"');
    renders.count++;
    return <p>opencode: {data ?? '…'}</p>;
  }
  render(
    <ReplicaProvider replica={replica}>
      <Top />
      <Count />
    </ReplicaProvider>,
  );
  await screen.findByText('Session 30');
  await screen.findByText('opencode: 15');
  const settled = { list: renders.list, count: renders.count };

  // A write to another collection: nothing re-renders.
  await act(() => replica.collection('users').update('u00000000000001', { name: 'renamed' }));
  // A write to the collection that leaves both results unchanged: nothing re-renders.
  await act(() => replica.collection('sessions').update(session(1).id, { title: 'renamed, off the page' }));
  await act(() => new Promise((r) => setTimeout(r, 20)));
  expect({ list: renders.list, count: renders.count }).toEqual(settled);

  // A write to one row on the page: the list re-renders, and only that row among the rows.
  const rowsBefore = new Map(renders.row);
  await act(() => replica.collection('sessions').update(session(29).id, { title: 'Renamed 29' }));
  await screen.findByText('Renamed 29');
  expect(renders.list).toBe(settled.list + 1);
  expect(renders.count).toBe(settled.count); // the count did not change
  for (const [id, n] of renders.row)
    expect(n).toBe((rowsBefore.get(id) ?? 0) + (id === session(29).id ? 1 : 0));
});

test('components asking for the same query share one live query, stopped when the last unmounts', async () => {
  function List() {
    const { data } = useQuery('sessions', { perPage: 3, sort: 'totalTokens' });
    return <p>{data ? data.items.map((s) => s.title).join(',') : 'loading'}</p>;
  }
  const view = render(
    <ReplicaProvider replica={replica}>
      <List />
      <List />
    </ReplicaProvider>,
  );
  expect(await screen.findAllByText('Session 1,Session 2,Session 3')).toHaveLength(2);
  expect(replica.live.size).toBe(1);
  view.unmount();
  await waitFor(() => expect(replica.live.size).toBe(0));
});

test('useSearch: live full-text results with highlights; an empty query is skipped', async () => {
  const { result, rerender } = renderHook(({ q }) => useSearch('sessions', q), {
    wrapper,
    initialProps: { q: '' },
  });
  expect(result.current).toMatchObject({ data: undefined, isLoading: false });
  rerender({ q: 'Session 12' });
  await waitFor(() => expect(result.current.data?.items.length).toBeGreaterThan(0));
  expect(result.current.data!.items[0]!.record.title).toBe('Session 12');
  expect(result.current.data!.items[0]!.highlights.title).toContain('<mark>');
  await act(() =>
    replica.collection('sessions').create(session(99, { title: 'Session 12 again', externalId: 'x99' })),
  );
  await waitFor(() =>
    expect(result.current.data!.items.map((i) => i.record.title)).toContain('Session 12 again'),
  );
});

test('useMutation: a create shows at once and is pending; a local refusal is an error and changes nothing', async () => {
  const { result } = renderHook(
    () => ({
      mutation: useMutation<'sessions', SessionsRecord>('sessions'),
      list: useQuery('sessions', { perPage: 50 }),
    }),
    { wrapper },
  );
  await waitFor(() => expect(result.current.list.data?.totalItems).toBe(30));
  let created: SessionsRecord | undefined;
  await act(async () => {
    created = await result.current.mutation.create({
      user: 'u00000000000001',
      externalId: 'new-1',
      title: 'Brand new',
    });
  });
  await waitFor(() => expect(result.current.list.data?.totalItems).toBe(31));
  expect(result.current.mutation.last).toMatchObject({
    op: 'create',
    state: 'pending',
    recordId: created!.id,
  });
  expect(result.current.mutation.isPending).toBe(true);

  // A title over its 500-character limit: the engine refuses, the promise rejects, nothing changes.
  await act(async () => {
    const tooLong = { user: 'u00000000000001', externalId: 'new-2', title: 'x'.repeat(501) };
    await expect(result.current.mutation.create(tooLong)).rejects.toMatchObject({
      status: 400,
      data: { title: expect.anything() },
    });
  });
  expect(result.current.mutation.last).toMatchObject({ op: 'create', state: 'error' });
  expect(result.current.mutation.error?.message).toBeTruthy();
  expect(result.current.list.data?.totalItems).toBe(31);
});

test('shareEqual keeps every unchanged part, records matched by id even when they moved', () => {
  const a = { id: 'a', n: 1, tags: ['x'] };
  const b = { id: 'b', n: 2, tags: ['y'] };
  const prev = { items: [a, b], total: 2 };
  expect(shareEqual(prev, JSON.parse(JSON.stringify(prev)))).toBe(prev);
  const next = shareEqual(prev, {
    items: [
      { id: 'b', n: 2, tags: ['y'] },
      { id: 'a', n: 5, tags: ['x'] },
    ],
    total: 2,
  });
  expect(next).not.toBe(prev);
  expect(next.items[0]).toBe(b); // moved, unchanged: the same object
  expect(next.items[1]).not.toBe(a); // changed
  expect(next.items[1]!.tags).toBe(a.tags); // its unchanged parts are shared
});
