// A small OpenSync page on pocketlite/react and pocketlite/opensync, for the Chromium test: it
// signs in (credentials in the query string), lists sessions, shows the sync badge, and edits a title.
import PocketBase from 'pocketbase';
import { useState } from 'react';
import { createRoot } from 'react-dom/client';

import { opensyncSchema, opensyncSearch, useSession, useSessions } from '../../../js/opensync/index.js';
import { ReplicaProvider, useSyncStatus } from '../../../js/react/index.js';

function Badge() {
  const status = useSyncStatus();
  return (
    <p id="sync" data-status={status.status} data-pending={status.pending} data-role={status.role}>
      {status.status} · {status.pending} pending
    </p>
  );
}

function Editor({ id }: { id: string }) {
  const { session, updateSession } = useSession({ sessionId: id });
  const [title, setTitle] = useState('');
  const [error, setError] = useState('');
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        setError('');
        updateSession({ title }).catch((e: Error) => setError(e.message));
      }}
    >
      <p id="editing">{session?.title ?? '…'}</p>
      <p id="edit-error">{error}</p>
      <input id="title" value={title} onChange={(event) => setTitle(event.target.value)} />
      <button id="save">Save</button>
    </form>
  );
}

function Sessions() {
  const [sortOrder, setSortOrder] = useState<'asc' | 'desc'>('asc');
  const { sessions, total, isLoading, error } = useSessions({ sortBy: 'totalTokens', sortOrder });
  if (error) return <p id="error">{error}</p>;
  return (
    <section>
      <p id="total">{isLoading ? 'loading' : `${total} sessions`}</p>
      <button id="sort" onClick={() => setSortOrder(sortOrder === 'asc' ? 'desc' : 'asc')}>
        {sortOrder}
      </button>
      <ul id="sessions">
        {sessions.map((session) => (
          <li key={session.id}>{session.title}</li>
        ))}
      </ul>
      {sessions[0] && <Editor id={sessions[0].id} />}
    </section>
  );
}

const params = new URLSearchParams(location.search);
const pb = new PocketBase(params.get('pb')!);
await pb.collection('users').authWithPassword(params.get('email')!, params.get('password')!);
createRoot(document.getElementById('root')!).render(
  <ReplicaProvider
    pb={pb}
    worker={() => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' })}
    schema={opensyncSchema}
    search={opensyncSearch}
    sync={{ retry: { baseMs: 100, maxMs: 400 }, requestTimeoutMs: 2000 }}
  >
    <Badge />
    <Sessions />
  </ReplicaProvider>,
);
