// pocketlite/react and pocketlite/opensync in Chromium and Firefox against a real PocketBase: a React page
// shows the user's sessions, stays usable with the server stopped (a re-sort, an edit that shows
// as pending), and its offline edit reaches the server once it is back.
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
import { BROWSERS, launchBrowser, type TestBrowser } from '../support/browsers.js';
import { PASSWORD, waitFor } from '../support/sync-harness.js';

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'react-app');
let browser: TestBrowser | undefined;
let site: { url: string; stop: () => Promise<void> };
let server: PocketBaseServer;
let port: number;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pocketlite-react-pb-'));

beforeAll(async () => {
  port = await freePort();
  server = await startPocketBase({ dataDir, port });
  site = await buildAndServe(appDir);
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

test.each(BROWSERS)(
  '%s: sessions render, the page works offline, and the offline edit syncs after the server restarts',
  async (name) => {
    const email = `react-${name}@example.com`;
    const userId = await createUser(server, email, PASSWORD);
    for (const [i, title] of ['alpha', 'beta', 'gamma'].entries())
      await server.admin
        .collection('sessions')
        .create({ user: userId, externalId: title, title, totalTokens: i + 1 });
    browser = await launchBrowser(name);
    const query = new URLSearchParams({ pb: server.url, email, password: PASSWORD });
    const page = await (await browser.newGroup()).newTab(`${site.url}?${query}`);

    const titles = () => page.texts('#sessions li');
    await page.waitForText('#total', '3 sessions');
    expect(await titles()).toEqual(['alpha', 'beta', 'gamma']);
    await page.waitForSelector('#sync[data-status="live"], #sync[data-status="polling"]');

    // An edit shows in the list before the worker answers (js/react/optimistic.ts). One the engine
    // refuses (a title over the schema's 500 characters) shows, then goes: the list is as it was.
    await page.evaluate(() => {
      const seen: string[] = [];
      new MutationObserver(() =>
        seen.push(document.querySelector('#sessions li')?.textContent ?? ''),
      ).observe(document.getElementById('sessions')!, {
        subtree: true,
        childList: true,
        characterData: true,
      });
      Object.assign(globalThis, { seen });
    }, null);
    const tooLong = 'x'.repeat(600);
    await page.fill('#title', tooLong);
    await page.click('#save');
    await page.waitForText('#edit-error', /\S/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await titles()).toEqual(['alpha', 'beta', 'gamma']);
    const seen = await page.evaluate(() => (globalThis as unknown as { seen: string[] }).seen, null);
    expect(seen).toContain(tooLong);
    expect(seen.at(-1)).toBe('alpha');

    await server.stop(); // the data dir stays for the restart
    await page.waitForSelector('#sync[data-status="offline"]', 20_000);
    await page.click('#sort');
    await page.waitForText('#sessions li', 'gamma');
    expect(await titles()).toEqual(['gamma', 'beta', 'alpha']);
    await page.fill('#title', 'gamma, edited offline');
    await page.click('#save');
    await page.waitForText('#editing', 'gamma, edited offline');
    expect(await titles()).toEqual(['gamma, edited offline', 'beta', 'alpha']);
    await page.waitForSelector('#sync[data-pending="1"]');

    server = await startPocketBase({ dataDir, port });
    await page.waitForSelector('#sync[data-pending="0"]', 30_000);
    await waitFor('the edit on the server', async () => {
      const records = await server.admin
        .collection('sessions')
        .getFullList({ sort: '-totalTokens', filter: `user = "${userId}"` });
      return records[0]!.title === 'gamma, edited offline';
    });
    // The only errors are the failed requests while the server was down (each browser's words).
    const refused =
      /Failed to load resource|ERR_CONNECTION_REFUSED|Failed to fetch|can’t establish a connection/;
    expect(page.problems.filter((e) => !refused.test(e))).toEqual([]);
  },
  120_000,
);
