// The demo: an OpenSync-style dashboard on pocketlite/react and pocketlite/opensync. The engine,
// storage and sync run in a worker shared by every tab; the page renders from the local replica,
// so it keeps working with the server gone. The sign-in is kept (the SDK's localStorage auth
// store), so a reload while offline opens the replica without asking the server.
import PocketBase from 'pocketbase';
import { createRoot } from 'react-dom/client';

import { opensyncSchema, opensyncSearch, opensyncVectors } from '../../js/opensync/index.js';
import { prepareReplica } from '../../js/browser.js';
import { ReplicaProvider } from '../../js/react/index.js';
import { App } from './app.js';

interface DemoConfig {
  url: string;
  email: string;
  password: string;
}

const root = createRoot(document.getElementById('root')!);
const worker = () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
// The worker starts now and compiles the engine while the page reads its config and signs in.
prepareReplica(worker);

async function start(): Promise<void> {
  const config: DemoConfig = await (await fetch('./config.json')).json();
  const pb = new PocketBase(config.url);
  const signIn = () => pb.collection('users').authWithPassword(config.email, config.password);
  // A returning user renders at once from the replica, signed in or not: the provider opens the
  // replica of the user the SDK's auth store remembers, with no request. Renewing an expired token is
  // background work (the sync waits for it, offline for as long as the server is away). Only a first
  // visit must reach the server, and says so when it cannot.
  if (pb.authStore.record?.email !== config.email) {
    try {
      await signIn();
    } catch (error) {
      root.render(
        <p className="boot" id="signin-error">
          Cannot sign in: {(error as Error).message}. The first visit needs the server; later visits open
          offline.
        </p>,
      );
      return;
    }
  } else if (!pb.authStore.isValid) {
    void signIn().catch(() => {}); // retried on the next visit; the replica is open meanwhile
  }

  root.render(
    <ReplicaProvider
      pb={pb}
      worker={worker}
      schema={opensyncSchema}
      search={opensyncSearch}
      vectors={{ sessionEmbeddings: opensyncVectors.sessionEmbeddings }}
      sync={{
        collections: ['users', 'sessions', 'messages', 'parts', 'sessionEmbeddings'],
        headFirst: { sessions: 50 }, // the list's first screen before the oldest-first pull reaches it
        retry: { baseMs: 250, maxMs: 2000 },
        requestTimeoutMs: 4000,
      }}
    >
      <App serverUrl={config.url} email={config.email} />
    </ReplicaProvider>,
  );
}

void start();
