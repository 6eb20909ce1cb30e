/**
 * @jest-environment ./tests/support/jsdom-environment.cjs
 */
// pocketlite/devtools on a real engine syncing with a real PocketBase: the panel shows the tables
// with their rows, the outbox with a write the server refused (discarded from the panel), the
// sync's capabilities, metrics and log, the live queries with their re-runs, and the filter
// playground's rows and errors; inspect() gives the same data to other UIs.
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';

import { inspect, PocketliteDevtools } from '../../js/devtools/index.js';
import { openReplica, Sync, type Replica } from '../../js/index.js';
import { opensyncSchema } from '../../js/opensync/index.js';
import { localStatus, ReplicaProvider, useQuery } from '../../js/react/index.js';
import { createUser, startPocketBase, type PocketBaseServer } from '../../scripts/lib/pocketbase.js';
import { PASSWORD, signIn } from '../support/sync-harness.js';

let server: PocketBaseServer;
let replica: Replica;
let sync: Sync;
let status: ReturnType<typeof localStatus>;

const users: Record<string, string> = {};

beforeAll(async () => {
  server = await startPocketBase();
  // Before any sign-in: under jsdom every SDK client keeps its auth in the same localStorage, so a
  // user's sign-in replaces the admin's.
  for (const name of ['devtools', 'inspect'])
    users[name] = await createUser(server, `${name}@example.com`, PASSWORD);
});
afterAll(() => server?.stop());
afterEach(async () => {
  status.stop();
  await sync.stop();
  await replica.close();
});

function Titles() {
  const list = useQuery('sessions', { perPage: 10, sort: 'title' });
  return <p id="titles">{list.data?.items.map((s) => String(s.title)).join(', ')}</p>;
}

const tab = (name: string) => fireEvent.click(document.querySelector(`[data-tab="${name}"]`)!);

test('the panel shows tables, the outbox, the sync, live queries and the filter playground', async () => {
  const me = users.devtools!;
  // The server refuses one title the replica's rule allows: that write fails on the server.
  const sessions = await server.admin.collections.getOne('sessions');
  await server.admin.collections.update('sessions', {
    createRule: `(${sessions.createRule}) && title != 'refused'`,
  });
  const pb = await signIn(server.url, 'devtools@example.com');
  replica = await openReplica({ url: server.url, userId: me, schema: opensyncSchema });
  sync = new Sync(replica, { pb, realtime: false, retry: { baseMs: 50, maxMs: 200 }, logger: 'error' });
  status = localStatus(replica, { sync });
  await replica.collection('sessions').create({ user: me, externalId: 'a', title: 'accepted' });
  await replica.collection('sessions').create({ user: me, externalId: 'r', title: 'refused' });
  render(
    <ReplicaProvider replica={replica} status={status}>
      <Titles />
      <PocketliteDevtools sync={sync} refreshMs={50} />
    </ReplicaProvider>,
  );
  fireEvent.click(screen.getByText('pocketlite'));

  // Tables: the sessions table with its rows (before the sync: both writes are local).
  await waitFor(() => {
    const row = within(document.getElementById('pl-tables')!).getByText('sessions').closest('tr')!;
    expect(row.children[1]!.textContent).toBe('2');
  });
  await act(() => sync.start());

  // Outbox: the refused create, discarded from the panel (the replica then drops its record).
  tab('Outbox');
  const failed = await waitFor(() => {
    const row = document.querySelector('#pl-outbox tr[data-state="failed"]');
    expect(row?.textContent).toMatch(/create.*sessions\/.*failed/);
    return row!;
  });
  fireEvent.click(within(failed as HTMLElement).getByText('Discard'));
  await screen.findByText(/The outbox is empty/);
  await waitFor(() => expect(document.getElementById('titles')!.textContent).toBe('accepted'));

  // Sync: capabilities, metrics and the log.
  tab('Sync');
  await waitFor(() =>
    expect(document.getElementById('pl-capabilities')!.textContent).toMatch(/batch (yes|no)/),
  );
  const metric = (name: string) =>
    Number(
      within(document.getElementById('pl-metrics')!).getByText(name).closest('tr')!.children[1]!.textContent,
    );
  expect(metric('outboxSent')).toBeGreaterThanOrEqual(1);
  expect(metric('outboxFailed')).toBe(1);
  expect(document.getElementById('pl-log')!.children.length).toBeGreaterThan(0);

  // Live queries: the page's list, re-run by a write.
  tab('Live queries');
  const runs = () => {
    const row = within(document.getElementById('pl-live-queries')!)
      .getByText(/^sessions list 1×10/)
      .closest('tr')!;
    return Number(row.children[1]!.textContent);
  };
  const before = await waitFor(runs);
  await act(() => replica.collection('sessions').create({ user: me, externalId: 'b', title: 'banana' }));
  await waitFor(() => expect(runs()).toBeGreaterThan(before));

  // Filter: rows of a filter, and the engine's error for a bad one.
  tab('Filter');
  fireEvent.change(document.getElementById('pl-filter-collection')!, { target: { value: 'sessions' } });
  fireEvent.change(document.getElementById('pl-filter-text')!, { target: { value: 'title ~ "an"' } });
  fireEvent.click(screen.getByText('Run'));
  await screen.findByText('1 matching records');
  expect(within(document.getElementById('pl-filter-rows')!).getByText('banana')).toBeTruthy();
  fireEvent.change(document.getElementById('pl-filter-text')!, { target: { value: 'title = ' } });
  fireEvent.click(screen.getByText('Run'));
  expect((await screen.findByText(/filter/i, { selector: '#pl-filter-error' })).textContent).toBeTruthy();
});

test('inspect() gives the same data to other UIs', async () => {
  const me = users.inspect!;
  const pb = await signIn(server.url, 'inspect@example.com');
  replica = await openReplica({ url: server.url, userId: me, schema: opensyncSchema });
  sync = new Sync(replica, { pb, realtime: false, logger: 'error' });
  status = localStatus(replica, { sync });
  await sync.start();
  const stop = replica.collection('sessions').watchCount('', () => {});
  await replica.collection('sessions').create({ user: me, externalId: 'x', title: 'x' });
  const snapshot = await inspect({ replica, status, sync });
  stop();
  expect(snapshot.collections).toEqual(expect.arrayContaining(['sessions', 'messages', 'users']));
  expect(snapshot.tables.find((t) => t.name === 'sessions')?.rows).toBe(1);
  expect(snapshot.outbox).toHaveLength(1);
  expect(snapshot.liveQueries).toEqual([
    expect.objectContaining({ label: 'sessions count', runs: 2, changes: 2 }),
  ]);
  expect(snapshot.sync).toMatchObject({ status: expect.any(String), metrics: expect.any(Object) });
  expect(snapshot.sync!.log.map((l) => l.message)).toContainEqual(
    expect.stringMatching(/^pass done in \d+ ms: /),
  );
});
