// The replica's OpenSync schema is the server's own: compared against GET /api/collections of a
// real PocketBase running the project's migrations, so the two can never drift apart.
import { openReplica } from '../../js/index.js';
import { opensyncSchema } from '../../js/opensync/index.js';
import { fetchServerCollections, selectOpenSyncCollections } from '../../scripts/lib/opensync-schema.js';
import { startPocketBase, type PocketBaseServer } from '../../scripts/lib/pocketbase.js';

let server: PocketBaseServer;
beforeAll(async () => {
  server = await startPocketBase();
});
afterAll(() => server?.stop());

test('js/opensync/schema.ts equals what the server reports', async () => {
  const fromServer = selectOpenSyncCollections(await fetchServerCollections(server));
  expect(opensyncSchema).toEqual(fromServer);
});

test("the server's full collection list applies to a replica; internal collections are skipped", async () => {
  const all = await fetchServerCollections(server);
  const replica = await openReplica({ url: server.url, userId: 'u' });
  const summary = await replica.applySchema(all);
  expect(summary.created.sort()).toEqual(
    [
      'apiLogs',
      'messageEmbeddings',
      'messages',
      'parts',
      'sessionEmbeddings',
      'sessions',
      'tombstones',
      'users',
    ].sort(),
  );
  expect(summary.skipped.sort()).toEqual(['_authOrigins', '_externalAuths', '_mfas', '_otps', '_superusers']);
  expect(summary.warnings).toEqual([]);
  // The same list again (with the volatile keys it carries) changes nothing.
  expect((await replica.applySchema(all)).unchanged).toHaveLength(8);
  await replica.close();
});

test('the migration enables the batch API that sync and the loader use', async () => {
  const settings = await server.admin.settings.getAll();
  expect(settings.batch).toMatchObject({ enabled: true, maxRequests: 500 });
});
