// PocketBase closes a quiet SSE stream (5 minutes by default; 1.5 s here, set by a test-only hook).
// The sync reconnects, catches up with a pull, and keeps following writes.
import { openReplica, Sync } from '../../js/index.js';
import { opensyncSchema } from '../../js/opensync/index.js';
import { createUser, startPocketBase, type PocketBaseServer } from '../../scripts/lib/pocketbase.js';
import { PASSWORD, signIn, waitFor } from '../support/sync-harness.js';

// e.idleTimeout is a Go time.Duration: nanoseconds.
const SHORT_IDLE = `onRealtimeConnectRequest((e) => { e.idleTimeout = 1500 * 1000 * 1000; e.next(); });\n`;
let server: PocketBaseServer;

beforeAll(async () => {
  server = await startPocketBase({ extraHooks: { 'short-idle.pb.js': SHORT_IDLE } });
});
afterAll(() => server?.stop());

test('a stream the server closes when idle is reopened, caught up, and followed again', async () => {
  const userId = await createUser(server, 'idle@example.com', PASSWORD);
  const pb = await signIn(server.url, 'idle@example.com');
  const replica = await openReplica({ url: server.url, userId, schema: opensyncSchema });
  const sync = new Sync(replica, { pb, logger: 'silent' });
  const statuses: string[] = [];
  sync.onStatus((s) => statuses.push(s.status));
  await sync.start();
  await waitFor('live', () => sync.status === 'live');
  const pulledBefore = sync.metrics.pagesPulled;
  // Quiet for longer than the idle timeout: the server closes the stream, the SDK reconnects.
  await waitFor(
    'a server close and reconnect',
    () => statuses.includes('offline') && sync.status === 'live',
    10_000,
  );
  await waitFor('the catch-up pull', () => sync.metrics.pagesPulled > pulledBefore);
  const session = await server.admin
    .collection('sessions')
    .create({ user: userId, externalId: 'after-idle', title: 'after' });
  await waitFor(
    'the write after the reconnect',
    async () => (await replica.collection('sessions').count()) === 1,
  );
  expect((await replica.collection('sessions').getOne(session.id)).title).toBe('after');
  await sync.stop();
  await replica.close();
});
