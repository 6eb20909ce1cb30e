// A Settings page written the Convex way (useConvexAuth, useQuery, useMutation with an optimistic
// update, usePaginatedQuery, useAction), ported to pocketlite/convex by changing its imports and
// registering its functions (functions.ts). The Chromium test drives it against a real PocketBase.
import PocketBase from 'pocketbase';
import { useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';

import {
  useAction,
  useConvexAuth,
  useMutation,
  usePaginatedQuery,
  useQuery,
} from '../../../js/convex/index.js';
import { opensyncSchema } from '../../../js/opensync/index.js';
import { ReplicaProvider } from '../../../js/react/index.js';
import { api } from './functions.js';

function AuthGate({ children }: { children: ReactNode }) {
  const { isLoading, isAuthenticated } = useConvexAuth();
  if (isLoading) return <p id="auth">loading</p>;
  if (!isAuthenticated) return <p id="auth">signed out</p>;
  return (
    <>
      <p id="auth">authenticated</p>
      {children}
    </>
  );
}

function Profile() {
  const me = useQuery(api.users.me);
  const [name, setName] = useState('');
  const updateName = useMutation(api.users.updateName).withOptimisticUpdate((store, { name }) => {
    const current = store.getQuery(api.users.me);
    if (current) store.setQuery(api.users.me, {}, { ...current, name });
  });
  if (me === undefined) return <p id="name">loading</p>;
  return (
    <section>
      <p id="name">{me?.name}</p>
      <p id="member-since">{me ? new Date(me.createdAt).getUTCFullYear() : ''}</p>
      <input id="name-input" value={name} onChange={(e) => setName(e.target.value)} />
      <button id="save-name" onClick={() => void updateName({ name })}>
        Save
      </button>
    </section>
  );
}

function Stats() {
  const stats = useQuery(api.users.stats);
  return (
    <p id="stats">{stats ? `${stats.totalSessions} sessions, ${stats.totalTokens} tokens` : 'loading'}</p>
  );
}

function ApiKey() {
  const me = useQuery(api.users.me);
  const generate = useAction(api.apiKeys.generate);
  const revoke = useMutation(api.apiKeys.revoke);
  const [generated, setGenerated] = useState('');
  return (
    <section>
      <p id="apikey">{me?.apiKey ? me.apiKey : 'none'}</p>
      <p id="generated">{generated}</p>
      <button id="generate" onClick={() => void generate().then(setGenerated)}>
        Generate
      </button>
      <button id="revoke" onClick={() => void revoke()}>
        Revoke
      </button>
    </section>
  );
}

function Sessions() {
  const { results, status, loadMore } = usePaginatedQuery(api.sessions.list, {}, { initialNumItems: 5 });
  const remove = useMutation(api.sessions.remove);
  return (
    <section>
      <p id="status">{status}</p>
      <ul id="sessions">
        {results.map((session) => (
          <li key={session._id} data-id={session._id}>
            <span className="title">{session.title}</span>
            <button className="remove" onClick={() => void remove({ id: session._id })}>
              Delete
            </button>
          </li>
        ))}
      </ul>
      <button id="more" onClick={() => loadMore(5)}>
        Load more
      </button>
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
    sync={{ retry: { baseMs: 100, maxMs: 400 }, requestTimeoutMs: 2000 }}
  >
    <AuthGate>
      <Profile />
      <Stats />
      <ApiKey />
      <Sessions />
    </AuthGate>
  </ReplicaProvider>,
);
