// Server rendering, then hydration in Chromium against a real PocketBase: the markup that
// react-dom/server renders in Node is what hydrateRoot finds in the browser, so React reports no
// mismatch; the page then shows the user's sessions, through the plain hooks and the Suspense
// section (whose fallback the server rendered) alike.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium, type Browser } from 'playwright-core';
import { renderToString } from 'react-dom/server';

import {
  createUser,
  freePort,
  startPocketBase,
  type PocketBaseServer,
} from '../../scripts/lib/pocketbase.js';
import { buildAndServe } from '../../scripts/lib/static-server.js';
import { launchChromium } from '../support/chromium.js';
import { PASSWORD } from '../support/sync-harness.js';
import { App } from './ssr-app/app.js';

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'ssr-app');
let browser: Browser;
let site: { url: string; stop: () => Promise<void> };
let server: PocketBaseServer;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pocketlite-ssr-pb-'));

beforeAll(async () => {
  server = await startPocketBase({ dataDir, port: await freePort() });
  site = await buildAndServe(appDir);
  browser = await launchChromium(chromium);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.stop();
  await server?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** What the server renders for a signed-in user (the server has the identity, not the replica). */
function serverMarkup(userId: string): string {
  const pb = {
    baseURL: server.url,
    authStore: { token: 'server-side', record: { id: userId }, onChange: () => () => {} },
  };
  const noWorker = () => {
    throw new Error('no worker on the server');
  };
  return renderToString(<App pb={pb} worker={noWorker} />);
}

test('the server markup hydrates without a mismatch, then shows the sessions', async () => {
  const userId = await createUser(server, 'ssr@example.com', PASSWORD);
  for (const [i, title] of ['alpha', 'beta'].entries())
    await server.admin
      .collection('sessions')
      .create({ user: userId, externalId: title, title, totalTokens: i });

  const html = serverMarkup(userId);
  expect(html).toContain('<p id="plain" data-loading="true">loading</p>');
  expect(html).toContain('<p id="status">connecting</p>');
  expect(html).toContain('waiting for the replica'); // the Suspense section is left to the browser
  expect(html).not.toContain('id="suspended"');
  const index = path.join(appDir, 'dist', 'index.html');
  fs.writeFileSync(index, fs.readFileSync(index, 'utf8').replace('<!--ssr-->', html));

  const page = await browser.newPage();
  const consoleErrors: string[] = [];
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
  const query = new URLSearchParams({ pb: server.url, email: 'ssr@example.com', password: PASSWORD });
  await page.goto(`${site.url}?${query}`);
  await page.waitForSelector('#plain:text("alpha, beta")');
  await page.waitForSelector('#suspended:text("alpha, beta")');
  expect(await page.locator('#count').textContent()).toBe('2 sessions');
  expect(await page.locator('#fallback').count()).toBe(0);
  // React's only report is the Suspense boundary the server left to the browser, by design; a
  // mismatch would add "Hydration failed" or "didn't match" here.
  const recoverable = await page.evaluate(() => window.recoverable);
  expect(recoverable).toHaveLength(1);
  expect(recoverable[0]).toMatch(/server|Suspense/i);
  expect(recoverable.join('\n')).not.toMatch(/hydrat|match/i);
  expect(consoleErrors.filter((e) => /hydrat|match/i.test(e))).toEqual([]);
  await page.close();
});
