// The demo's worker: owns the engine, signs in, pulls the user's records from PocketBase page by
// page into the replica, and answers list requests. (Sync proper, with cursors and realtime, is
// the sync issue's work; this pull is the simplest thing that fills a replica from a real server.)
import { openReplica, type Replica } from '../../js/index.js';
import { opensyncSchema } from '../../js/opensync/schema.js';
import type { FromWorker, ToWorker } from './protocol.js';

const post = (message: FromWorker) => self.postMessage(message);
let replica: Replica | null = null;

async function signIn(
  url: string,
  email: string,
  password: string,
): Promise<{ token: string; userId: string }> {
  const response = await fetch(`${url}/api/collections/users/auth-with-password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ identity: email, password }),
  });
  if (!response.ok) throw new Error(`sign-in failed: HTTP ${response.status}`);
  const body = await response.json();
  return { token: body.token, userId: body.record.id };
}

async function pull(url: string, token: string, target: Replica): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const collection of ['users', 'sessions', 'messages', 'parts']) {
    for (let page = 1; ; page++) {
      const query = new URLSearchParams({ page: String(page), perPage: '1000', sort: 'id', skipTotal: '1' });
      const response = await fetch(`${url}/api/collections/${collection}/records?${query}`, {
        headers: { Authorization: token },
      });
      if (!response.ok) throw new Error(`pulling ${collection} failed: HTTP ${response.status}`);
      const { items } = await response.json();
      const result = await target.collection(collection).upsert(items);
      if (result.failed.length) throw new Error(`${collection}: ${result.failed[0]!.error.message}`);
      counts[collection] = await target.collection(collection).count();
      post({ type: 'progress', collection, counts: { ...counts } });
      if (items.length < 1000) break;
    }
  }
  return counts;
}

self.onmessage = async (event: MessageEvent<ToWorker>) => {
  try {
    const message = event.data;
    if (message.type === 'start') {
      const { token, userId } = await signIn(message.url, message.email, message.password);
      replica = await openReplica({ url: message.url, userId, schema: opensyncSchema });
      post({ type: 'ready', counts: await pull(message.url, token, replica) });
    } else if (message.type === 'list' && replica) {
      const items = await replica.collection('sessions').getFullList({ sort: '-updated' });
      post({ type: 'sessions', items: items.slice(0, message.limit) });
    }
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};
