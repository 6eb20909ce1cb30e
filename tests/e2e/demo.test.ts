// The demo page in real headless Chromium: the browser runtime's worker replicates the demo user's
// sessions from a real PocketBase, and the page shows live counts and a table of rows.
import fs from 'node:fs';

import { chromium, type Browser } from 'playwright-core';

import { SIZES } from '../../js/opensync/generator.js';
import { startDemo, type RunningDemo } from '../../scripts/lib/demo-server.js';
import { launchChromium } from '../support/chromium.js';

let demo: RunningDemo;
let browser: Browser;

beforeAll(async () => {
  demo = await startDemo({ size: SIZES.tiny });
  browser = await launchChromium(chromium);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

test('the demo page replicates the sessions in a worker and shows them', async () => {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(demo.pageUrl);
  await page.waitForSelector('#status:text("replica ready")', { timeout: 30_000 });
  await page.waitForFunction(
    (n) => document.getElementById('count')!.textContent === String(n),
    demo.sessions,
  );
  expect(await page.locator('#sessions tbody tr').count()).toBe(demo.sessions);
  // The engine runs in the worker: the page itself never instantiated a wasm module.
  expect(
    await page.evaluate(() => performance.getEntriesByType('resource').some((r) => r.name.endsWith('.wasm'))),
  ).toBe(false);
  fs.mkdirSync('test-artifacts', { recursive: true });
  await page.screenshot({ path: 'test-artifacts/demo.png', fullPage: true });
  expect(problems).toEqual([]);
});

test('the engine also loads on a page (main thread) from the bundled .wasm URL', async () => {
  const page = await browser.newPage();
  await page.goto(new URL('engine-check.html', demo.pageUrl).href);
  await page.waitForFunction(() => document.getElementById('result')?.textContent !== 'running…');
  expect(JSON.parse((await page.textContent('#result'))!)).toEqual({ applied: 12, roundTrip: true });
});
