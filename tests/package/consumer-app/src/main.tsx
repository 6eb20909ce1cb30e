// The README's Vite + React quick start, as a fresh app writes it against the installed package:
// no Vite config, sign-in only when the SDK has none stored (so a reload starts offline).
import PocketBase from 'pocketbase';
import { createRoot } from 'react-dom/client';
import { filter } from 'pocketlite';
import { opensyncSchema, opensyncSearch, type Collections } from 'pocketlite/opensync';
import { ReplicaProvider, useQuery, useSyncStatus } from 'pocketlite/react';

declare module 'pocketlite/react' {
  interface Register {
    collections: Collections;
  }
}

const params = new URLSearchParams(location.search);
const pb = new PocketBase(params.get('pb')!);
if (!pb.authStore.record)
  await pb.collection('users').authWithPassword(params.get('email')!, params.get('password')!);

function Sessions({ source }: { source: string }) {
  const { data, error, isLoading } = useQuery('sessions', {
    perPage: 20,
    sort: 'title',
    filter: filter('source = {:source}', { source }),
  });
  if (error) return <p id="error">{error.message}</p>;
  if (isLoading) return <p>Loading…</p>;
  return (
    <ul id="sessions">
      {data!.items.map((s) => (
        <li key={s.id}>{s.title}</li>
      ))}
    </ul>
  );
}

function Badge() {
  const { status } = useSyncStatus();
  return (
    <p id="sync" data-status={status}>
      {status}
    </p>
  );
}

createRoot(document.getElementById('root')!).render(
  <ReplicaProvider
    pb={pb}
    worker={() => new Worker(new URL('./pocketlite.worker.ts', import.meta.url), { type: 'module' })}
    schema={opensyncSchema}
    search={opensyncSearch}
    sync={{ retry: { baseMs: 200, maxMs: 1000 }, requestTimeoutMs: 2000 }}
  >
    <Badge />
    <Sessions source="claude-code" />
  </ReplicaProvider>,
);
