// The replica's OpenSync schema is the server's own: compared against GET /api/collections of a
// real PocketBase running the project's migrations, so the two can never drift apart.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { openReplica } from '../../js/index.js';
import { opensyncSchema } from '../../js/opensync/index.js';
import {
  fetchServerCollections,
  OPENSYNC_COLLECTIONS,
  selectOpenSyncCollections,
} from '../../scripts/lib/opensync-schema.js';
import { startPocketBase, SUPERUSER, type PocketBaseServer } from '../../scripts/lib/pocketbase.js';

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

test('`pocketlite codegen --url` writes the types the OpenSync preset ships', async () => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pocketlite-codegen-')), 'types.ts');
  const cli = path.resolve('dist/cli.js');
  const args = ['codegen', '--url', server.url, '--email', SUPERUSER.email, '--password', SUPERUSER.password];
  const run = spawnSync(process.execPath, [cli, ...args, '--out', out, '--import', '../index.js'], {
    encoding: 'utf8',
  });
  expect(run.stderr).toContain('record types to');
  const generated = fs.readFileSync(out, 'utf8');
  // The same interfaces as js/opensync/types.ts (which was generated from the schema file).
  const shipped = fs.readFileSync('js/opensync/types.ts', 'utf8');
  const records = shipped.match(/export interface \w+Record [^}]*}/g)!;
  expect(records).toHaveLength(7);
  for (const record of records) expect(generated).toContain(record);
  expect(generated).toContain('tombstones: TombstonesRecord;'); // every collection the server has
  // Beside the types, the schema the app opens its replica with: the app's collections, no secrets.
  const schema = JSON.parse(fs.readFileSync(out.replace(/\.ts$/, '.schema.json'), 'utf8'));
  expect(schema.map((c: { name: string }) => c.name).sort()).toEqual(
    [...OPENSYNC_COLLECTIONS, 'tombstones'].sort(),
  );
  expect(JSON.stringify(schema)).not.toMatch(/secret|authToken|created"?:\s*"20/);
  const replica = await openReplica({ url: server.url, userId: null, schema });
  expect((await replica.collections()).length).toBe(8);
  await replica.close();

  const wrong = spawnSync(process.execPath, [cli, 'codegen', '--url', server.url, '--token', 'nope'], {
    encoding: 'utf8',
  });
  expect(wrong.status).toBe(1);
  expect(wrong.stderr).toContain('a superuser token is needed');
  const help = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' });
  expect(help.status).toBe(0);
  expect(help.stdout).toContain('usage: pocketlite codegen');
});
