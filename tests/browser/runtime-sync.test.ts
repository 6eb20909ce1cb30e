// The browser runtime against a real PocketBase: the leader's worker syncs, a write made while the
// server is down reaches it exactly once after it restarts, and every tab sees synced records.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { chromium, type Browser, type Page } from 'playwright-core';

import { opensyncSchema } from '../../js/opensync/schema.js';
import {
  createUser,
  freePort,
  startPocketBase,
  type PocketBaseServer,
} from '../../scripts/lib/pocketbase.js';
import { launchChromium } from '../support/chromium.js';
import { inPage, serveRuntimePage } from '../support/runtime-page.js';
import { PASSWORD, signIn, waitFor } from '../support/sync-harness.js';

let browser: Browser;
let site: { url: string; stop: () => Promise<void> };
let server: PocketBaseServer;
let port: number;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pocketlite-runtime-pb-'));

beforeAll(async () => {
  port = await freePort();
  server = await startPocketBase({ dataDir, port });
  site = await serveRuntimePage();
  browser = await launchChromium(chromium);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.stop();
  await server?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const syncStatus = (page: Page) => inPage(page, (pl) => pl.client.status.sync);

test('a write made offline in one tab reaches the server once, and every tab sees synced records', async () => {
  const userId = await createUser(server, 'runtime@example.com', PASSWORD);
  await server.admin
    .collection('sessions')
    .create({ user: userId, externalId: 'from-server', title: 'on the server' });
  const pb = await signIn(server.url, 'runtime@example.com');
  const options = {
    url: server.url,
    userId,
    auth: { token: pb.authStore.token, record: pb.authStore.record },
    schema: opensyncSchema,
    sync: { retry: { baseMs: 100, maxMs: 400 }, requestTimeoutMs: 2000 },
  };
  const context = await browser.newContext();
  const [leader, follower] = [await context.newPage(), await context.newPage()];
  for (const page of [leader, follower]) {
    await page.goto(site.url);
    await page.waitForSelector('#status:text("idle")');
    await inPage(page, (pl, o) => pl.connect(o as never), options);
  }
  await waitFor('the initial sync', async () =>
    ['live', 'polling'].includes((await syncStatus(leader))!.status),
  );
  const sessionTitles = (page: Page) =>
    inPage(page, async (pl) =>
      (await pl.client.collection('sessions').getFullList({ sort: 'title' })).map((s) => s.title),
    );
  expect(await sessionTitles(follower)).toEqual(['on the server']);

  await server.stop(); // offline: the data dir stays
  await waitFor('the sync to notice', async () => (await syncStatus(follower))!.status === 'offline', 15_000);
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
    .getFullList({ filter: 'externalId = "offline-1"' });
  expect(onServer.map((s) => s.id)).toEqual([created.id]);
  await context.close();
}, 90_000);
