// The demo: an OpenSync-style dashboard on pocketlite/react and pocketlite/opensync. The engine,
// storage and sync run in a worker shared by every tab; the page renders from the local replica,
// so it keeps working with the server gone. The sign-in is kept (the SDK's localStorage auth
// store), so a reload while offline opens the replica without asking the server.
import PocketBase from 'pocketbase';
import { createRoot } from 'react-dom/client';

import { opensyncSchema, opensyncSearch, opensyncVectors } from '../../js/opensync/index.js';
import { ReplicaProvider } from '../../js/react/index.js';
import { App } from './app.js';

interface DemoConfig {
  url: string;
  email: string;
  password: string;
}

const config: DemoConfig = await (await fetch('./config.json')).json();
const pb = new PocketBase(config.url);
if (!pb.authStore.isValid || pb.authStore.record?.email !== config.email) {
  await pb.collection('users').authWithPassword(config.email, config.password);
}

createRoot(document.getElementById('root')!).render(
  <ReplicaProvider
    pb={pb}
    worker={() => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' })}
    schema={opensyncSchema}
    search={opensyncSearch}
    vectors={{ sessionEmbeddings: opensyncVectors.sessionEmbeddings }}
    sync={{
      collections: ['users', 'sessions', 'messages', 'parts', 'sessionEmbeddings'],
      retry: { baseMs: 250, maxMs: 2000 },
      requestTimeoutMs: 4000,
    }}
  >
    <App serverUrl={config.url} email={config.email} />
  </ReplicaProvider>,
);
