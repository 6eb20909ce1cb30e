// The page the SSR test renders twice: with react-dom/server in Node (no window, no worker) and
// with hydrateRoot in Chromium over that markup. Plain hooks render their loading state on the
// server; the Suspense section renders its fallback there and its data in the browser.
import { Suspense } from 'react';

import { opensyncSchema, useSessions } from '../../../js/opensync/index.js';
import {
  ReplicaProvider,
  useCount,
  useSuspenseQuery,
  useSyncStatus,
  type PocketBaseAuthSource,
} from '../../../js/react/index.js';

function Sessions() {
  const { sessions, isLoading } = useSessions({ sortBy: 'totalTokens', sortOrder: 'asc' });
  const count = useCount('sessions');
  const sync = useSyncStatus();
  return (
    <section>
      <p id="plain" data-loading={String(isLoading)}>
        {isLoading ? 'loading' : sessions.map((s) => s.title).join(', ')}
      </p>
      <p id="count">{count.isLoading ? '…' : `${count.data} sessions`}</p>
      <p id="status">{sync.status}</p>
    </section>
  );
}

function Titles() {
  const { data } = useSuspenseQuery('sessions', { full: true, sort: 'totalTokens' });
  return <p id="suspended">{data.map((s) => s.title).join(', ')}</p>;
}

/** The whole page; `worker` starts the replica's worker (never called on the server). */
export function App({ pb, worker }: { pb: PocketBaseAuthSource; worker: () => Worker }) {
  return (
    <ReplicaProvider pb={pb} worker={worker} schema={opensyncSchema}>
      <Sessions />
      <Suspense fallback={<p id="fallback">waiting for the replica</p>}>
        <Titles />
      </Suspense>
    </ReplicaProvider>
  );
}
