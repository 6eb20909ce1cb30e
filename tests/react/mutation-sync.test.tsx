/**
 * @jest-environment ./tests/support/jsdom-environment.cjs
 */
// useMutation and useSyncStatus against a real PocketBase: a write the server refuses shows at
// once, is rolled back when refused, and the call and the status say so.
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';

import { openReplica, Sync, type Replica } from '../../js/index.js';
import { opensyncSchema } from '../../js/opensync/index.js';
import type { SessionsRecord } from '../../js/opensync/types.js';
import { localStatus, ReplicaProvider, useMutation, useQuery, useSyncStatus } from '../../js/react/index.js';
import { createUser, startPocketBase, type PocketBaseServer } from '../../scripts/lib/pocketbase.js';
import { PASSWORD, signIn } from '../support/sync-harness.js';

let server: PocketBaseServer;
let replica: Replica;
let sync: Sync;
let status: ReturnType<typeof localStatus>;

beforeAll(async () => {
  server = await startPocketBase();
});
afterAll(() => server?.stop());
afterEach(async () => {
  status.stop();
  await sync.stop();
  await replica.close();
});

test('a refused create shows, then rolls back; the call is failed and the status lists it until discarded', async () => {
  const me = await createUser(server, 'me@example.com', PASSWORD);
  // The server's create rule changed after the app shipped its schema: it now refuses one title.
  // Valid by the rule the replica knows, so both writes show; the server refuses the second.
  const sessionsCollection = await server.admin.collections.getOne('sessions');
  await server.admin.collections.update('sessions', {
    createRule: `(${sessionsCollection.createRule}) && title != 'theirs'`,
  });
  const pb = await signIn(server.url, 'me@example.com');
  replica = await openReplica({ url: server.url, userId: me, schema: opensyncSchema });
  // Not started yet: the writes below wait in the outbox until it is.
  sync = new Sync(replica, { pb, realtime: false, retry: { baseMs: 50, maxMs: 200 }, logger: 'error' });
  status = localStatus(replica, { sync });
  const wrapper = ({ children }: { children?: ReactNode }) => (
    <ReplicaProvider replica={replica} status={status}>
      {children}
    </ReplicaProvider>
  );
  const { result } = renderHook(
    () => ({
      list: useQuery('sessions', { perPage: 10 }),
      mutation: useMutation<'sessions', SessionsRecord>('sessions'),
      status: useSyncStatus(),
    }),
    { wrapper },
  );
  await waitFor(() => expect(result.current.list.data?.totalItems).toBe(0));

  await act(async () => {
    await result.current.mutation.create({ user: me, externalId: 'mine', title: 'mine' });
    await result.current.mutation.create({ user: me, externalId: 'second', title: 'theirs' });
  });
  expect(result.current.list.data?.items.map((s) => s.title).sort()).toEqual(['mine', 'theirs']);
  expect(result.current.mutation.calls.map((c) => c.state)).toEqual(['pending', 'pending']);

  await act(async () => {
    await sync.start();
    await sync.flush();
  });
  await waitFor(() =>
    expect(result.current.mutation.calls.map((c) => c.state)).toEqual(['synced', 'failed']),
  );
  expect(result.current.mutation.calls[1]!.error?.message).toBeTruthy();
  await waitFor(() => expect(result.current.list.data?.items.map((s) => s.title)).toEqual(['mine']));
  expect((await pb.collection('sessions').getFullList()).map((s) => s.title)).toEqual(['mine']);

  await waitFor(() => expect(result.current.status.failed).toBe(1));
  expect(result.current.status.failedEntries).toEqual([
    expect.objectContaining({
      op: 'create',
      collection: 'sessions',
      error: expect.objectContaining({ status: 400 }),
    }),
  ]);
  await act(() => result.current.status.discard(result.current.status.failedEntries[0]!.seq));
  await waitFor(() => expect(result.current.status.failed).toBe(0));
  expect(result.current.status.failedEntries).toEqual([]);
  expect(result.current.status.pending).toBe(0);
});
