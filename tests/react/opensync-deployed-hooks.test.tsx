/**
 * @jest-environment ./tests/support/jsdom-environment.cjs
 */
// OpenSync's hooks on a replica synced from the server OpenSync really runs (its deployed schema,
// no additions: tests/fixtures/opensync-deployed-collections.json), each compared with the
// request the original hook sends to that server: the same filter, sort and page through the SDK.
import { renderHook, waitFor } from '@testing-library/react';
import type PocketBase from 'pocketbase';
import type { ReactNode } from 'react';

import { openReplica, Sync, type Replica } from '../../js/index.js';
import {
  generateOpenSync,
  opensyncSchema,
  SIZES,
  useAnalytics,
  useSearchSessions,
  useSession,
  useSessions,
} from '../../js/opensync/index.js';
import { ReplicaProvider } from '../../js/react/index.js';
import {
  loadDeployedDataset,
  startDeployedOpenSync,
  type PocketBaseServer,
} from '../../scripts/lib/pocketbase.js';
import { PASSWORD, signIn } from '../support/sync-harness.js';

const data = generateOpenSync({ ...SIZES.tiny, sessionsPerUser: 12, seed: 31 });
let server: PocketBaseServer;
let pb: PocketBase;
let replica: Replica;
let sync: Sync;
const wrapper = ({ children }: { children?: ReactNode }) => (
  <ReplicaProvider replica={replica} userId={pb.authStore.record!.id} url={server.url}>
    {children}
  </ReplicaProvider>
);

beforeAll(async () => {
  server = await startDeployedOpenSync();
  await loadDeployedDataset(server, data, PASSWORD);
  pb = await signIn(server.url, data.users[0]!.email as string);
  replica = await openReplica({ url: server.url, userId: pb.authStore.record!.id, schema: opensyncSchema });
  sync = new Sync(replica, { pb, realtime: false, logger: 'silent' });
  await sync.start();
}, 60_000);
afterAll(async () => {
  await sync?.stop();
  await replica?.close();
  await server?.stop();
});

const ids = (rows: Array<{ id: string }>) => rows.map((r) => r.id);

test('the sync is live against the deployed schema and every session arrived', async () => {
  expect(sync.status).toBe('polling'); // realtime off in this test: up to date, no SSE
  expect(sync.problems.filter((p) => p.severity === 'error')).toEqual([]);
  expect(await replica.collection('sessions').count()).toBe(
    (await pb.collection('sessions').getFullList()).length,
  );
});

test('useSessions equals the page the original requests from the server', async () => {
  for (const options of [
    { sortBy: 'cost', sortOrder: 'asc', limit: 5, page: 2 },
    { source: 'claude-code', sortBy: 'totalTokens', sortOrder: 'desc', limit: 100 },
  ] as const) {
    const { result, unmount } = renderHook(() => useSessions(options), { wrapper });
    await waitFor(() => expect(result.current.isLoading).toBe(false));
    const sort = `${options.sortOrder === 'desc' ? '-' : ''}${options.sortBy},id`;
    const filter = 'source' in options ? pb.filter('source = {:s}', { s: options.source }) : '';
    const page = await pb.collection('sessions').getList(options.page ?? 1, options.limit, { sort, filter });
    expect(result.current.total).toBe(page.totalItems);
    expect(ids(result.current.sessions)).toEqual(ids(page.items));
    unmount();
  }
});

test("useSearchSessions equals the server's ~ search, page for page", async () => {
  const word = String(data.sessions[0]!.title).split(' ')[1]!;
  const { result } = renderHook(() => useSearchSessions({ query: word, limit: 3, cursor: 0 }), { wrapper });
  await waitFor(() => expect(result.current.isLoading).toBe(false));
  const page = await pb
    .collection('sessions')
    .getList(1, 3, { filter: pb.filter('searchableText ~ {:q}', { q: word }), sort: '-updated,id' });
  expect(result.current.total).toBe(page.totalItems);
  expect(ids(result.current.sessions)).toEqual(ids(page.items));
});

test('useSession reads what the server holds, and useAnalytics sums what it lists', async () => {
  const target = (await pb.collection('sessions').getList(1, 1, { sort: '-updated' })).items[0]!;
  const { result } = renderHook(() => useSession({ sessionId: target.id }), { wrapper });
  await waitFor(() => expect(result.current.session).not.toBeNull());
  const messages = await pb
    .collection('messages')
    .getFullList({ filter: pb.filter('session = {:id}', { id: target.id }) });
  expect(ids(result.current.session!.messages).sort()).toEqual(ids(messages).sort());
  // Records carry the server's generated collection id (the SDK's records do too).
  expect((result.current.session as unknown as { collectionId: string }).collectionId).toBe(
    target.collectionId,
  );

  const analytics = renderHook(() => useAnalytics({ days: 3650 }), { wrapper });
  await waitFor(() => expect(analytics.result.current.summaryStats).toBeDefined());
  const all = await pb.collection('sessions').getFullList();
  expect(analytics.result.current.summaryStats!.totalSessions).toBe(all.length);
  expect(analytics.result.current.summaryStats!.totalTokens).toBe(all.reduce((t, s) => t + s.totalTokens, 0));
});
