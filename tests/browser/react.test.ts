// pocketlite/react and pocketlite/opensync in Chromium against a real PocketBase: a React page
// shows the user's sessions, stays usable with the server stopped (a re-sort, an edit that shows
// as pending), and its offline edit reaches the server once it is back.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium, type Browser } from 'playwright-core';

import {
  createUser,
  freePort,
  startPocketBase,
  type PocketBaseServer,
} from '../../scripts/lib/pocketbase.js';
import { buildAndServe } from '../../scripts/lib/static-server.js';
import { launchChromium } from '../support/chromium.js';
import { PASSWORD, waitFor } from '../support/sync-harness.js';

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'react-app');
let browser: Browser;
let site: { url: string; stop: () => Promise<void> };
let server: PocketBaseServer;
let port: number;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pocketlite-react-pb-'));

beforeAll(async () => {
  port = await freePort();
  server = await startPocketBase({ dataDir, port });
  site = await buildAndServe(appDir);
  browser = await launchChromium(chromium);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.stop();
  await server?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('sessions render, the page works offline, and the offline edit syncs after the server restarts', async () => {
  const userId = await createUser(server, 'react@example.com', PASSWORD);
  for (const [i, title] of ['alpha', 'beta', 'gamma'].entries())
    await server.admin
      .collection('sessions')
      .create({ user: userId, externalId: title, title, totalTokens: i + 1 });
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  const query = new URLSearchParams({ pb: server.url, email: 'react@example.com', password: PASSWORD });
  await page.goto(`${site.url}?${query}`);

  const titles = () => page.locator('#sessions li').allTextContents();
  await page.waitForSelector('#total:text("3 sessions")');
  expect(await titles()).toEqual(['alpha', 'beta', 'gamma']);
  await page.waitForSelector('#sync[data-status="live"], #sync[data-status="polling"]');

  await server.stop(); // the data dir stays for the restart
  await page.waitForSelector('#sync[data-status="offline"]', { timeout: 20_000 });
  await page.click('#sort');
  await page.waitForFunction(() => document.querySelector('#sessions li')?.textContent === 'gamma');
  expect(await titles()).toEqual(['gamma', 'beta', 'alpha']);
  await page.fill('#title', 'gamma, edited offline');
  await page.click('#save');
  await page.waitForSelector('#editing:text("gamma, edited offline")');
  expect(await titles()).toEqual(['gamma, edited offline', 'beta', 'alpha']);
  await page.waitForSelector('#sync[data-pending="1"]');

  server = await startPocketBase({ dataDir, port });
  await page.waitForSelector('#sync[data-pending="0"]', { timeout: 30_000 });
  await waitFor('the edit on the server', async () => {
    const records = await server.admin.collection('sessions').getFullList({ sort: '-totalTokens' });
    return records[0]!.title === 'gamma, edited offline';
  });
  // The only errors are the failed requests while the server was down.
  expect(
    errors.filter((e) => !/Failed to load resource|ERR_CONNECTION_REFUSED|Failed to fetch/.test(e)),
  ).toEqual([]);
}, 120_000);
