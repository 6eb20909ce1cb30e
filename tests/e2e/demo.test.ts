// The demo, walked in headless Chromium: every page (sessions with filters, sort and pages; a
// session with its messages, Markdown, title edit, public switch; full-text, semantic and hybrid
// search; analytics; evals and an export; cleanup with a bulk delete; the offline control and a
// second tab), then again with the PocketBase server stopped (reads work, edits queue as
// pending), then with it restarted (the queue drains and the server holds the edits).
// Screenshots go to test-artifacts/demo/.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

import { SIZES } from '../../js/opensync/generator.js';
import { freePort, startPocketBase, type PocketBaseServer } from '../../scripts/lib/pocketbase.js';
import { DEMO_LOGIN, startDemo, type RunningDemo } from '../../scripts/lib/demo-server.js';
import { launchChromium } from '../support/chromium.js';
import { waitFor } from '../support/sync-harness.js';

const XSS_TITLE = '<img src=x onerror="window.__xss=1">Escaped <b>title</b>';
const XSS_TEXT = '<script>window.__xss=2</script> plain words';
const shots = 'test-artifacts/demo';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pocketlite-demo-test-'));
let demo: RunningDemo;
let server: PocketBaseServer;
let port: number;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let userId: string;
let xssId: string;
const problems: string[] = [];
let offline = false;

beforeAll(async () => {
  port = await freePort();
  demo = await startDemo({ size: SIZES.small, pbDataDir: path.join(dataDir, 'pb'), pbPort: port });
  server = demo.pocketbase;
  userId = (await server.admin.collection('users').getFirstListItem(`email = "${DEMO_LOGIN.email}"`)).id;
  const xss = await server.admin
    .collection('sessions')
    .create({ user: userId, externalId: 'xss', title: XSS_TITLE, model: 'gpt-4o' });
  xssId = xss.id;
  await server.admin
    .collection('messages')
    .create({ session: xss.id, externalId: 'xss-1', role: 'user', textContent: XSS_TEXT });
  browser = await launchChromium(chromium);
  context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  page = await context.newPage();
  const expected = (text: string) =>
    offline && /ERR_CONNECTION_REFUSED|Failed to fetch|Failed to load resource/.test(text);
  page.on('console', (m) => m.type() === 'error' && !expected(m.text()) && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('requestfailed', (r) => {
    const error = r.failure()?.errorText ?? '';
    // Closing the realtime stream (the offline switch stops the sync) aborts its request.
    const closedStream = error === 'net::ERR_ABORTED' && r.url().endsWith('/api/realtime');
    if (!(offline && r.url().startsWith(server.url)) && !closedStream)
      problems.push(`request failed: ${r.url()} ${error}`);
  });
  fs.mkdirSync(shots, { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
  await server?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const shot = (name: string) => page.screenshot({ path: `${shots}/${name}.png` });
const text = (selector: string) => page.locator(selector).first().innerText();
const go = async (route: string) => {
  await page.evaluate((r) => (location.hash = `#/${r}`), route);
};

async function sessionsPage(phase: string) {
  await go('sessions');
  await page.waitForSelector('#sessions-total:has-text("sessions")');
  const all = Number((await text('#sessions-total')).replace(/\D/g, ''));
  expect(all).toBeGreaterThan(25);
  await page.selectOption('#filter-source', 'claude-code');
  // "Loading…" has no number: wait for the filtered total itself.
  await waitFor('the filtered list', async () => {
    const total = await text('#sessions-total');
    return /\d sessions/.test(total) && Number(total.replace(/\D/g, '')) < all;
  });
  const sources = await page.locator('#sessions tbody tr td:nth-child(4)').allInnerTexts();
  expect(new Set(sources)).toEqual(new Set(['claude-code']));
  await page.selectOption('#filter-source', '');
  await page.selectOption('#sort', 'totalTokens');
  await page.click('#sort-order');
  await waitFor('ascending tokens', async () => (await text('#sort-order')).includes('ascending'));
  const tokens = (await page.locator('#sessions tbody tr td:nth-child(5)').allInnerTexts()).map((t) =>
    Number(t.replace(/,/g, '')),
  );
  expect(tokens).toEqual([...tokens].sort((a, b) => a - b));
  await page.click('#page-next');
  await page.waitForSelector('#page-label:has-text("Page 2 of")');
  await shot(`${phase}-sessions`);
  await page.click('#page-prev');
  await page.selectOption('#sort', 'updated');
  await page.click('#sort-order'); // back to newest first
}

async function sessionPage(phase: string, title: string) {
  await go(`session/${xssId}`);
  await page.waitForSelector('#session .message');
  // Untrusted text is shown as text: no element was created from it, no script ran.
  expect(await text('#session-heading')).toBe(title === XSS_TITLE ? XSS_TITLE : title);
  expect(await page.locator('#session .message .text').first().innerText()).toBe(XSS_TEXT);
  expect(await page.locator('#session img, #messages script').count()).toBe(0);
  await page.click('#show-markdown');
  expect(await text('#markdown')).toContain(`# ${title}`);
  await page.fill('#session-title', `${phase} edit`);
  await page.click('#save-title');
  await page.waitForSelector(`#session-heading:text("${phase} edit")`);
  await page.click('#toggle-public');
  await page.waitForSelector('#public-slug');
  await shot(`${phase}-session`);
}

async function searchPage(phase: string) {
  await go('search');
  await page.fill('#search-input', 'rename');
  await page.waitForSelector('#search-sessions li');
  expect(await page.locator('#search-sessions mark').count()).toBeGreaterThan(0);
  await shot(`${phase}-search`);
  await page.click('#mode-semantic');
  await page.waitForSelector('#search-semantic li');
  await page.click('#mode-hybrid');
  await page.waitForSelector('#search-hybrid li');
  await page.fill('#search-input', 'plain');
  await page.click('#mode-text');
  await page.waitForSelector('#search-messages li mark');
  expect(await page.locator('#search-messages script, #search-messages img').count()).toBe(0);
}

async function analyticsPage(phase: string) {
  await go('analytics');
  await page.waitForSelector('#summary .card');
  expect(Number((await text('#summary [data-label="Sessions"] strong')).replace(/,/g, ''))).toBeGreaterThan(
    25,
  );
  expect(await page.locator('#daily-chart rect').count()).toBe(30);
  expect(await page.locator('#by-model tr').count()).toBeGreaterThan(1);
  await shot(`${phase}-analytics`);
}

async function evalsPage(phase: string) {
  await go('evals');
  await page.waitForSelector('#evals-summary:has-text("eval-ready")');
  expect(await page.locator('#evals tbody tr').count()).toBeGreaterThan(0);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-openai')]);
  const lines = fs
    .readFileSync((await download.path())!, 'utf8')
    .trim()
    .split('\n');
  // OpenAI Evals JSONL, as OpenSync writes it: the conversation so far and the ideal answer.
  expect(JSON.parse(lines[0]!)).toMatchObject({ input: expect.any(Array), ideal: expect.any(String) });
  expect(JSON.parse(lines[0]!).input.length).toBeGreaterThan(0);
  await shot(`${phase}-evals`);
}

async function cleanupPage(phase: string) {
  await go('cleanup');
  await page.waitForSelector('#storage tbody tr');
  expect(Number(await text('#count-untitled'))).toBeGreaterThanOrEqual(0);
  await shot(`${phase}-cleanup`);
}

test('the walk: every page online, offline, and back online', async () => {
  await page.goto(demo.pageUrl);
  await page.waitForSelector('#sync[data-state="live"]', { timeout: 60_000 });
  await sessionsPage('online');
  await sessionPage('online', XSS_TITLE);
  await searchPage('online');
  await analyticsPage('online');
  await evalsPage('online');
  await cleanupPage('online');

  // A bulk delete with progress.
  const untitled = Number(await text('#count-untitled'));
  await page.check('.cleanup-rules label:nth-child(2) input[type=radio]');
  if (untitled > 0) {
    await page.click('#bulk-delete');
    await page.waitForSelector(`#bulk-progress[data-done="${untitled}"]`);
    await page.waitForSelector('#count-untitled:text("0")');
  }

  // The offline switch, and a second tab that follows the first.
  await page.click('#offline-toggle');
  await page.waitForSelector('#sync[data-state="offline"]');
  await page.click('#offline-toggle');
  await page.waitForSelector('#sync[data-state="live"]');
  const [second] = await Promise.all([context.waitForEvent('page'), page.click('#second-tab')]);
  // The same route, read through the first tab's worker (this tab follows it).
  await second.waitForSelector('#storage tbody tr');
  await second.waitForSelector('#sync[data-role="follower"]');
  await second.close();
  await waitFor('the server to have the online edits', async () => {
    const record = await server.admin.collection('sessions').getOne(xssId);
    return record.title === 'online edit' && record.isPublic === true;
  });
  await waitFor('the bulk delete on the server', async () => {
    const left = await server.admin
      .collection('sessions')
      .getList(1, 1, { filter: `user = "${userId}" && title = ""` });
    return left.totalItems === 0;
  });

  // The server goes away; a reload still opens the dashboard from the replica.
  offline = true;
  await server.stop();
  // A fresh profile with the server down has nothing to open: the page says why, it does not hang.
  const fresh = await browser.newContext();
  const first = await fresh.newPage();
  await first.goto(demo.pageUrl);
  await first.waitForSelector('#signin-error');
  expect(await first.textContent('#signin-error')).toMatch(
    /^Cannot sign in: .*The first visit needs the server/,
  );
  await fresh.close();
  await page.reload();
  await page.waitForSelector('#sync[data-state="offline"]', { timeout: 30_000 });
  await sessionsPage('offline');
  await sessionPage('offline', 'online edit');
  await page.waitForSelector('#sync:not([data-pending="0"])');
  await searchPage('offline');
  await analyticsPage('offline');
  await cleanupPage('offline');

  // Back online: the queued edits reach the server.
  server = await startPocketBase({ dataDir: server.dataDir, port });
  await page.waitForSelector('#sync[data-pending="0"][data-state="live"]', { timeout: 60_000 });
  offline = false;
  const record = await server.admin.collection('sessions').getOne(xssId);
  expect(record).toMatchObject({ title: 'offline edit', isPublic: false });
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(problems).toEqual([]);
}, 300_000);

test('the engine also loads on a page (main thread) from the bundled .wasm URL', async () => {
  const check = await browser.newPage();
  await check.goto(new URL('engine-check.html', demo.pageUrl).href);
  await check.waitForFunction(() => document.getElementById('result')?.textContent !== 'running…');
  expect(JSON.parse((await check.textContent('#result'))!)).toEqual({ applied: 12, roundTrip: true });
});
