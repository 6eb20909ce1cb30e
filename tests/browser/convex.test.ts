// A whole page written the Convex way (tests/browser/convex-app: a Settings page with auth,
// profile, statistics, an API key and a paginated session list), ported to pocketlite/convex,
// runs live in Chromium against a real PocketBase: server changes reach its queries, its
// mutations and action reach the server.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  createUser,
  freePort,
  startPocketBase,
  type PocketBaseServer,
} from '../../scripts/lib/pocketbase.js';
import { buildAndServe } from '../../scripts/lib/static-server.js';
import { launchBrowser, type TestBrowser } from '../support/browsers.js';
import { PASSWORD, waitFor } from '../support/sync-harness.js';

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'convex-app');
let browser: TestBrowser | undefined;
let site: { url: string; stop: () => Promise<void> };
let server: PocketBaseServer;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pocketlite-convex-pb-'));

beforeAll(async () => {
  server = await startPocketBase({ dataDir, port: await freePort() });
  site = await buildAndServe(appDir);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.stop();
  await server?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('chromium: the ported Convex Settings page runs live against PocketBase', async () => {
  const email = 'convex-port@example.com';
  const userId = await createUser(server, email, PASSWORD);
  await server.admin.collection('users').update(userId, { name: 'Ada' });
  for (let i = 1; i <= 12; i++)
    await server.admin
      .collection('sessions')
      .create({ user: userId, externalId: `s${i}`, title: `session ${i}`, totalTokens: i * 100 });
  const user = () => server.admin.collection('users').getOne(userId);

  browser = await launchBrowser('chromium');
  const query = new URLSearchParams({ pb: server.url, email, password: PASSWORD });
  const page = await (await browser.newGroup()).newTab(`${site.url}?${query}`);
  await page.waitForText('#auth', 'authenticated');
  await page.waitForText('#name', 'Ada');
  expect(await page.text('#member-since')).toBe(String(new Date().getUTCFullYear())); // createdAt, a number
  await page.waitForText('#stats', '12 sessions, 7800 tokens');

  // Pages of 5 by the cursor, newest load appended; a session made on the server shows live.
  const titles = () => page.texts('#sessions .title');
  await page.waitForText('#status', 'CanLoadMore');
  expect(await titles()).toEqual(['session 12', 'session 11', 'session 10', 'session 9', 'session 8']);
  await page.click('#more');
  await page.waitForFunction(() => document.querySelectorAll('#sessions li').length === 10);
  await server.admin
    .collection('sessions')
    .create({ user: userId, externalId: 's99', title: 'from the server', totalTokens: 5000 });
  await page.waitForText('#stats', '13 sessions, 12800 tokens');
  await page.waitForFunction(() => document.querySelectorAll('#sessions li').length === 11);
  expect((await titles()).slice(0, 2)).toEqual(['from the server', 'session 12']);

  // A mutation with an optimistic update, sent to the server through the outbox.
  await page.fill('#name-input', 'Grace');
  await page.click('#save-name');
  await page.waitForText('#name', 'Grace');
  await waitFor('the new name on the server', async () => (await user()).name === 'Grace');

  // An action without arguments calls the server through the app's client; the key comes back by the sync.
  await page.click('#generate');
  await page.waitForText('#generated', /^osk_/);
  const key = await page.text('#generated');
  await page.waitForText('#apikey', key);
  expect((await user()).apiKey).toBe(key);
  await page.click('#revoke');
  await page.waitForText('#apikey', 'none');
  await waitFor('the key revoked on the server', async () => (await user()).apiKey === '');

  // Deleting a row: gone from the list and the statistics here, then from the server.
  await page.click('#sessions li:first-child .remove');
  await page.waitForText('#stats', '12 sessions, 7800 tokens');
  expect((await titles())[0]).toBe('session 12');
  await waitFor(
    'the session deleted on the server',
    async () =>
      (await server.admin.collection('sessions').getList(1, 1, { filter: 'externalId = "s99"' }))
        .totalItems === 0,
  );
  expect(page.problems).toEqual([]);
}, 120_000);
