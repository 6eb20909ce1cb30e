// The demo, walked in headless Chromium and Firefox: every page (sessions with filters, sort and
// pages; a session with its messages, Markdown, title edit, public switch; full-text, semantic
// and hybrid search; analytics; evals and an export; cleanup with a bulk delete; the offline
// control and a second tab), then again with the PocketBase server stopped (reads work, edits
// queue as pending), then with it restarted (the queue drains and the server holds the edits).
// Each browser walks a demo of its own. Screenshots go to test-artifacts/demo/<browser>/.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { SIZES } from '../../js/opensync/generator.js';
import { freePort, startPocketBase, type PocketBaseServer } from '../../scripts/lib/pocketbase.js';
import { DEMO_LOGIN, startDemo, type RunningDemo } from '../../scripts/lib/demo-server.js';
import { BROWSERS, launchBrowser, type Tab, type TabGroup, type TestBrowser } from '../support/browsers.js';
import { waitFor } from '../support/sync-harness.js';

const XSS_TITLE = '<img src=x onerror="window.__xss=1">Escaped <b>title</b>';
const XSS_TEXT = '<script>window.__xss=2</script> plain words';
/** What each browser says of a request to a stopped server. */
const REFUSED = /ERR_CONNECTION_REFUSED|Failed to fetch|Failed to load resource|can’t establish a connection/;
/** A stream or request the page closed itself (the offline switch stops the sync). */
const ABORTED = /ERR_ABORTED|NS_BINDING_ABORTED/;

describe.each(BROWSERS)('%s', (name) => {
  const shots = `test-artifacts/demo/${name}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `pocketlite-demo-test-${name}-`));
  let demo: RunningDemo;
  let server: PocketBaseServer;
  let port: number;
  let browser: TestBrowser;
  let group: TabGroup;
  let page: Tab;
  let userId: string;
  let xssId: string;

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
    browser = await launchBrowser(name);
    group = await browser.newGroup();
    fs.mkdirSync(shots, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const shot = (label: string) => page.screenshot(`${shots}/${label}.png`);
  const number = async (selector: string) => Number((await page.text(selector)).replace(/\D/g, ''));
  const go = (route: string) => page.evaluate((r) => void (location.hash = `#/${r}`), route);

  async function sessionsPage(phase: string) {
    await go('sessions');
    await page.waitForText('#sessions-total', /sessions/);
    const all = await number('#sessions-total');
    expect(all).toBeGreaterThan(25);
    await page.select('#filter-source', 'claude-code');
    // "Loading…" has no number: wait for the filtered total itself.
    await waitFor('the filtered list', async () => {
      const total = await page.text('#sessions-total');
      return /\d sessions/.test(total) && Number(total.replace(/\D/g, '')) < all;
    });
    const sources = await page.texts('#sessions tbody tr td:nth-child(4)');
    expect(new Set(sources)).toEqual(new Set(['claude-code']));
    await page.select('#filter-source', '');
    await page.select('#sort', 'totalTokens');
    await page.click('#sort-order');
    await page.waitForText('#sort-order', /ascending/);
    // The button flips at the click; the rows follow when the new query answers.
    const tokens = async () =>
      (await page.texts('#sessions tbody tr td:nth-child(5)')).map((t) => Number(t.replace(/,/g, '')));
    await waitFor('the list in ascending tokens', async () => {
      const shown = await tokens();
      return shown.length > 1 && shown.every((n, i) => i === 0 || shown[i - 1]! <= n);
    });
    const listed = await tokens();
    expect(listed).toEqual([...listed].sort((a, b) => a - b));
    await page.click('#page-next');
    await page.waitForText('#page-label', /^Page 2 of/);
    await shot(`${phase}-sessions`);
    await page.click('#page-prev');
    await page.select('#sort', 'updated');
    await page.click('#sort-order'); // back to newest first
  }

  async function sessionPage(phase: string, title: string) {
    await go(`session/${xssId}`);
    await page.waitForSelector('#session .message');
    // Untrusted text is shown as text: no element was created from it, no script ran.
    expect(await page.text('#session-heading')).toBe(title);
    expect(await page.text('#session .message .text')).toBe(XSS_TEXT);
    expect(await page.count('#session img, #messages script')).toBe(0);
    await page.click('#show-markdown');
    expect(await page.text('#markdown')).toContain(`# ${title}`);
    await page.fill('#session-title', `${phase} edit`);
    await page.click('#save-title');
    await page.waitForText('#session-heading', `${phase} edit`);
    // Online it becomes public (a slug shows), offline private again.
    const nowPublic = phase === 'online';
    await page.click('#toggle-public');
    await page.waitForText('#toggle-public', nowPublic ? 'Make private' : 'Make public');
    expect(await page.count('#public-slug')).toBe(nowPublic ? 1 : 0);
    await shot(`${phase}-session`);
  }

  // Parts as what they are: code with its language, a tool call as a call (no JSON shown).
  async function partsOfASession() {
    const part = await server.admin
      .collection('parts')
      .getFirstListItem(`type = "code_block" && message.session.user = "${userId}"`, { expand: 'message' });
    await go(`session/${part.expand!.message.session}`);
    await page.waitForSelector('.part.code_block pre.code code');
    const { code, language } = part.content as { code: string; language: string };
    const shown = await page.texts('.part.code_block pre.code');
    expect(shown.map((t) => t.trimEnd())).toContain(`${language}${code.trimEnd()}`);
    expect(await page.count('.part pre:not(.code)')).toBe(0); // nothing fell back to JSON
  }

  async function searchPage(phase: string) {
    await go('search');
    await page.fill('#search-input', 'rename');
    await page.waitForSelector('#search-sessions li');
    expect(await page.count('#search-sessions mark')).toBeGreaterThan(0);
    await shot(`${phase}-search`);
    await page.click('#mode-semantic');
    await page.waitForSelector('#search-semantic li');
    await page.click('#mode-hybrid');
    await page.waitForSelector('#search-hybrid li');
    await page.fill('#search-input', 'plain');
    await page.click('#mode-text');
    await page.waitForSelector('#search-messages li mark');
    expect(await page.count('#search-messages script, #search-messages img')).toBe(0);
  }

  async function analyticsPage(phase: string) {
    await go('analytics');
    await page.waitForSelector('#summary .card');
    const sessions = () => number('#summary [data-label="Sessions"] strong');
    // The period applies to everything: the cards, the chart's days and the breakdowns.
    const inPeriod: Record<number, number> = {};
    for (const days of [7, 90, 30]) {
      await page.click(`#days-${days}`);
      await page.waitForText('#period', `The last ${days} days`);
      await page.waitForFunction(() => document.querySelectorAll('#daily-chart rect').length > 0);
      expect(await page.count('#daily-chart rect')).toBe(days);
      inPeriod[days] = await sessions();
    }
    expect(inPeriod[7]).toBeLessThanOrEqual(inPeriod[30]!);
    expect(inPeriod[30]).toBeLessThan(inPeriod[90]!);
    expect(inPeriod[90]).toBeGreaterThan(25);
    // Axes with values on both sides, and headed breakdowns.
    expect(await page.count('#chart-axes [data-axis="tokens"]')).toBe(3);
    expect(await page.count('#chart-axes [data-axis="cost"]')).toBe(3);
    expect(await page.texts('#by-model thead th')).toEqual(['model', 'tokens', 'sessions', 'cost']);
    expect(await page.count('#by-model tbody tr')).toBeGreaterThan(1);
    await shot(`${phase}-analytics`);
  }

  async function evalsPage(phase: string) {
    await go('evals');
    await page.waitForText('#evals-summary', /eval-ready/);
    expect(await page.count('#evals tbody tr')).toBeGreaterThan(0);
    expect(await page.text('#evals-page')).toMatch(/^Page 1 of \d+ · \d+ sessions$/);
    // The export is a Blob the page downloads: read the Blob the page made.
    await page.evaluate(() => {
      const made: Blob[] = [];
      const create = URL.createObjectURL.bind(URL);
      Object.assign(window, { exported: made });
      URL.createObjectURL = (blob: Blob | MediaSource) => (made.push(blob as Blob), create(blob));
    }, undefined);
    await page.click('#export-openai');
    await page.waitForFunction(() => (window as unknown as { exported: Blob[] }).exported.length === 1);
    const jsonl = await page.evaluate(
      () => (window as unknown as { exported: Blob[] }).exported[0]!.text(),
      undefined,
    );
    const lines = jsonl.trim().split('\n');
    // OpenAI Evals JSONL, as OpenSync writes it: the conversation so far and the ideal answer.
    expect(JSON.parse(lines[0]!)).toMatchObject({ input: expect.any(Array), ideal: expect.any(String) });
    expect(JSON.parse(lines[0]!).input.length).toBeGreaterThan(0);
    await shot(`${phase}-evals`);
  }

  async function cleanupPage(phase: string) {
    await go('cleanup');
    await page.waitForSelector('#storage tbody tr');
    expect(await number('#count-untitled')).toBeGreaterThanOrEqual(0);
    await shot(`${phase}-cleanup`);
  }

  // The devtools panel, on the worker's replica: tables, live queries, the sync and a filter.
  async function devtools(phase: string) {
    await page.click('#pl-devtools-open');
    await page.waitForSelector('#pl-tables');
    const rows = await page.evaluate(
      () =>
        Array.from(document.querySelectorAll('#pl-tables tbody tr')).find(
          (tr) => tr.firstElementChild?.textContent === 'sessions',
        )?.children[1]?.textContent,
      undefined,
    );
    expect(Number(rows?.replace(/,/g, ''))).toBeGreaterThan(25);
    await page.click('[data-tab="Live queries"]');
    await page.waitForSelector('#pl-live-queries tbody tr');
    await page.click('[data-tab="Sync"]');
    await page.waitForText('#pl-capabilities', /^Server: batch (yes|no) · tombstones/);
    await page.click('[data-tab="Filter"]');
    await page.select('#pl-filter-collection', 'sessions');
    await page.fill('#pl-filter-text', 'model = "gpt-4o"');
    await page.click('#pl-filter-run');
    await page.waitForText('#pl-filter-total', /^\d+ matching records/);
    expect(await page.count('#pl-filter-rows tbody tr')).toBeGreaterThan(0);
    await shot(`${phase}-devtools`);
    await page.click('#pl-devtools-close');
  }

  test('the walk: every page online, offline, and back online', async () => {
    page = await group.newTab(demo.pageUrl);
    await page.waitForSelector('#sync[data-state="live"]', 60_000);
    await sessionsPage('online');
    await sessionPage('online', XSS_TITLE);
    await partsOfASession();
    await searchPage('online');
    await analyticsPage('online');
    await evalsPage('online');
    await cleanupPage('online');
    await devtools('online');

    // A bulk delete with progress.
    const untitled = await number('#count-untitled');
    await page.click('.cleanup-rules label:nth-child(2) input[type=radio]');
    if (untitled > 0) {
      await page.click('#bulk-delete');
      await page.waitForSelector(`#bulk-progress[data-done="${untitled}"]`);
      await page.waitForText('#count-untitled', '0');
    }

    // The offline switch, and a second tab that follows the first.
    await page.click('#offline-toggle');
    await page.waitForSelector('#sync[data-state="offline"]');
    await page.click('#offline-toggle');
    await page.waitForSelector('#sync[data-state="live"]');
    const second = await page.popup(() => page.click('#second-tab'));
    // The same route, read through the first tab's worker (this tab follows it).
    await second.waitForSelector('#storage tbody tr');
    await second.waitForSelector('#sync[data-role="follower"]');
    expect(second.problems).toEqual([]);
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
    // Online, nothing went wrong but the realtime stream the offline switch closed.
    expect(page.problems).toEqual([]);
    expect(page.failedRequests.filter((r) => !(r.includes('/api/realtime') && ABORTED.test(r)))).toEqual([]);
    const onlineProblems = page.problems.length;
    const onlineFailures = page.failedRequests.length;

    // The server goes away; a reload still opens the dashboard from the replica.
    await server.stop();
    // A fresh profile with the server down has nothing to open: the page says why, it does not hang.
    const fresh = await browser.newGroup();
    const first = await fresh.newTab(demo.pageUrl);
    await first.waitForSelector('#signin-error');
    expect(await first.text('#signin-error')).toMatch(/^Cannot sign in: .*The first visit needs the server/);
    await fresh.close();
    await page.reload();
    await page.waitForSelector('#sync[data-state="offline"]', 30_000);
    await sessionsPage('offline');
    await sessionPage('offline', 'online edit');
    await page.waitForSelector('#sync:not([data-pending="0"])');
    await searchPage('offline');
    await analyticsPage('offline');
    await cleanupPage('offline');

    // Back online: the queued edits reach the server.
    server = await startPocketBase({ dataDir: server.dataDir, port });
    await page.waitForSelector('#sync[data-pending="0"][data-state="live"]', 60_000);
    const record = await server.admin.collection('sessions').getOne(xssId);
    expect(record).toMatchObject({ title: 'offline edit', isPublic: false });
    expect(
      await page.evaluate(() => (window as unknown as { __xss?: number }).__xss, undefined),
    ).toBeUndefined();
    // Offline, the only errors are the browser's reports of the refused requests.
    expect(page.problems.slice(onlineProblems).filter((p) => !REFUSED.test(p))).toEqual([]);
    const elsewhere = page.failedRequests.slice(onlineFailures).filter((r) => !r.startsWith(server.url));
    expect(elsewhere.filter((r) => !(r.includes('/api/realtime') && ABORTED.test(r)))).toEqual([]);
  }, 300_000);

  test('the engine also loads on a page (main thread) from the bundled .wasm URL', async () => {
    const check = await group.newTab(new URL('engine-check.html', demo.pageUrl).href);
    await check.waitForFunction(() => document.getElementById('result')?.textContent !== 'running…');
    expect(JSON.parse(await check.text('#result'))).toEqual({ applied: 12, roundTrip: true });
  });
});
