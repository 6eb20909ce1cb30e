// The browser runtime against a real PocketBase, in Chromium and Firefox: the leader's worker
// syncs, a write made while the server is down reaches it exactly once after it restarts, and
// every tab sees synced records.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { opensyncSchema } from '../../js/opensync/schema.js';
import {
  createUser,
  freePort,
  startPocketBase,
  type PocketBaseServer,
} from '../../scripts/lib/pocketbase.js';
import { BROWSERS, launchBrowser, type Tab, type TestBrowser } from '../support/browsers.js';
import { inPage, serveRuntimePage } from '../support/runtime-page.js';
import { PASSWORD, signIn, waitFor } from '../support/sync-harness.js';

let browser: TestBrowser | undefined;
let site: { url: string; stop: () => Promise<void> };
let server: PocketBaseServer;
let port: number;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pocketlite-runtime-pb-'));

beforeAll(async () => {
  port = await freePort();
  server = await startPocketBase({ dataDir, port });
  site = await serveRuntimePage();
}, 120_000);

afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

afterAll(async () => {
  await site?.stop();
  await server?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const syncStatus = (page: Tab) => inPage(page, (pl) => pl.client.status.sync);

test.each(BROWSERS)(
  '%s: a write made offline in one tab reaches the server once, and every tab sees synced records',
  async (name) => {
    const email = `runtime-${name}@example.com`;
    const userId = await createUser(server, email, PASSWORD);
    await server.admin
      .collection('sessions')
      .create({ user: userId, externalId: 'from-server', title: 'on the server' });
    const pb = await signIn(server.url, email);
    const options = {
      url: server.url,
      userId,
      auth: { token: pb.authStore.token, record: pb.authStore.record },
      schema: opensyncSchema,
      sync: { retry: { baseMs: 100, maxMs: 400 }, requestTimeoutMs: 2000 },
    };
    browser = await launchBrowser(name);
    const group = await browser.newGroup();
    const [leader, follower] = [await group.newTab(site.url), await group.newTab(site.url)];
    for (const page of [leader, follower]) {
      await page.waitForText('#status', 'idle');
      await inPage(page, (pl, o) => pl.connect(o as never), options);
    }
    await waitFor('the initial sync', async () =>
      ['live', 'polling'].includes((await syncStatus(leader))!.status),
    );
    const sessionTitles = (page: Tab) =>
      inPage(page, async (pl) =>
        (await pl.client.collection('sessions').getFullList({ sort: 'title' })).map((s) => s.title),
      );
    expect(await sessionTitles(follower)).toEqual(['on the server']);

    await server.stop(); // offline: the data dir stays
    await waitFor(
      'the sync to notice',
      async () => (await syncStatus(follower))!.status === 'offline',
      15_000,
    );
    const created = await inPage(
      follower,
      (pl, user) =>
        pl.client.collection('sessions').create({ user, externalId: 'offline-1', title: 'written offline' }),
      userId,
    );
    await waitFor('the pending upload in the status', async () => (await syncStatus(leader))!.pending === 1);
    expect(await sessionTitles(leader)).toEqual(['on the server', 'written offline']);

    server = await startPocketBase({ dataDir, port });
    await waitFor(
      'the upload after the restart',
      async () =>
        (await server.admin.collection('sessions').getList(1, 1, { filter: `id = "${created.id}"` }))
          .totalItems === 1,
      20_000,
    );
    await waitFor('an empty outbox', async () => (await syncStatus(follower))!.pending === 0);
    const onServer = await server.admin
      .collection('sessions')
      .getFullList({ filter: `externalId = "offline-1" && user = "${userId}"` });
    expect(onServer.map((s) => s.id)).toEqual([created.id]);
  },
  90_000,
);
