// The browser runtime in real headless Chromium: the engine in a worker, OPFS storage that
// survives reloads and renderer crashes, the IndexedDB fallback, and tabs sharing one replica.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

import { notesCollection } from '../support/schema-fixtures.js';
import { killRenderers, launchChromium, launchChromiumWithPid } from '../support/chromium.js';
import { inPage, serveRuntimePage, type PageApi } from '../support/runtime-page.js';

let browser: Browser;
let site: { url: string; stop: () => Promise<void> };

beforeAll(async () => {
  site = await serveRuntimePage();
  browser = await launchChromium(chromium);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

/** A local-only replica of the notes collection (no server: sync off). */
const LOCAL = { url: 'http://127.0.0.1:9', userId: 'u1', schema: [notesCollection], sync: false as const };

async function openTab(context: BrowserContext, query = ''): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
  await page.goto(site.url + query);
  await page.waitForSelector('#status:text("idle")');
  return { page, problems };
}

const connect = (page: Page, options: object = LOCAL) =>
  inPage(page, (pl, o) => pl.connect(o as never), options);

const titles = (page: Page) =>
  inPage(page, async (pl) =>
    (await pl.client.collection('notes').getFullList({ sort: 'title' })).map((n) => n.title),
  );

test('data written in a tab survives a reload (OPFS), and the page never loads the wasm', async () => {
  const context = await browser.newContext();
  const { page, problems } = await openTab(context);
  const status = await connect(page);
  expect(status).toMatchObject({ role: 'leader', tabs: 1, storage: { kind: 'opfs' } });
  await inPage(page, async (pl) => {
    for (const title of ['alpha', 'beta', 'gamma']) await pl.client.collection('notes').create({ title });
  });
  await page.reload();
  await page.waitForSelector('#status:text("idle")');
  await connect(page);
  expect(await titles(page)).toEqual(['alpha', 'beta', 'gamma']);
  const wasmOnPage = await page.evaluate(() =>
    performance.getEntriesByType('resource').some((entry) => entry.name.endsWith('.wasm')),
  );
  expect(wasmOnPage).toBe(false);
  expect(problems).toEqual([]);
  await context.close();
});

test('a renderer killed mid-write leaves every committed transaction and no partial one', async () => {
  // A browser of its own, so killing its renderers touches nothing else.
  const crashing = await launchChromiumWithPid(chromium);
  const context = await crashing.browser.newContext();
  const { page } = await openTab(context);
  await connect(page);
  let acknowledged = 0;
  await page.exposeFunction('acknowledge', (count: number) => void (acknowledged = count));
  // Batches of 50 notes, each one transaction, as fast as the worker takes them.
  void inPage(page, async (pl) => {
    const notes = pl.client.collection('notes');
    for (let batch = 0; ; batch++) {
      const records = Array.from({ length: 50 }, (_, i) => ({
        id: `c${String(batch * 50 + i).padStart(14, '0')}`,
        title: `crash ${batch}`,
      }));
      await notes.upsert(records);
      await (globalThis as unknown as { acknowledge: (n: number) => Promise<void> }).acknowledge(
        (batch + 1) * 50,
      );
    }
  }).catch(() => {});
  while (acknowledged < 500) await new Promise((resolve) => setTimeout(resolve, 20));
  const crashed = new Promise((resolve) => page.once('crash', resolve));
  expect(killRenderers(crashing.pid)).toBeGreaterThan(0);
  await crashed;
  await page.close();
  const { page: reopened } = await openTab(context);
  await connect(reopened);
  const count = await inPage(reopened, (pl) => pl.client.collection('notes').count());
  expect(count).toBeGreaterThanOrEqual(acknowledged);
  expect(count % 50).toBe(0); // whole transactions only
  await crashing.browser.close();
}, 60_000);

test('three tabs share one replica: live queries see every tab, and a follower takes over', async () => {
  const context = await browser.newContext();
  const tabs = [await openTab(context), await openTab(context), await openTab(context)];
  const roles = [];
  for (const { page } of tabs) roles.push((await connect(page)).role);
  expect(roles).toEqual(['leader', 'follower', 'follower']);
  for (const { page } of tabs)
    await inPage(page, (pl) => void pl.client.collection('notes').watchCount('', (n) => pl.updates.push(n)));

  // Concurrent writes from every tab.
  await Promise.all(
    tabs.map(({ page }, tab) =>
      inPage(
        page,
        async (pl, t) => {
          for (let i = 0; i < 20; i++) await pl.client.collection('notes').create({ title: `tab${t} ${i}` });
        },
        tab,
      ),
    ),
  );
  for (const { page } of tabs)
    await page.waitForFunction(() => (globalThis as unknown as { pl: PageApi }).pl.updates.at(-1) === 60);

  // Writes in flight while the leader's tab closes are not lost.
  const inFlight = tabs.slice(1).map(({ page }, tab) =>
    inPage(
      page,
      async (pl, t) => {
        for (let i = 0; i < 10; i++) await pl.client.collection('notes').create({ title: `late${t} ${i}` });
      },
      tab,
    ),
  );
  // Each remaining tab notes (by the shared wall clock) when it becomes the leader.
  for (const { page } of tabs.slice(1))
    await inPage(page, (pl) => {
      pl.client.onStatus(
        (s) => s.role === 'leader' && ((pl as unknown as { leaderAt?: number }).leaderAt ??= Date.now()),
      );
    });
  const closedAt = Date.now();
  await tabs[0]!.page.close();
  await tabs[1]!.page.waitForFunction(
    () => (globalThis as unknown as { pl: PageApi }).pl.client.status.tabs === 2,
  );
  const leaderAt = await Promise.all(
    tabs.slice(1).map(({ page }) => inPage(page, (pl) => (pl as unknown as { leaderAt?: number }).leaderAt)),
  );
  const takeover = leaderAt.find((at) => at !== undefined)! - closedAt;
  await Promise.all(inFlight);
  const newRoles = await Promise.all(
    tabs.slice(1).map(({ page }) => inPage(page, (pl) => pl.client.status.role)),
  );
  expect(newRoles.sort()).toEqual(['follower', 'leader']);
  expect(takeover).toBeLessThan(1000);
  for (const { page } of tabs.slice(1)) {
    await page.waitForFunction(() => (globalThis as unknown as { pl: PageApi }).pl.updates.at(-1) === 80);
    expect(await titles(page)).toHaveLength(80);
  }
  for (const { problems } of tabs) expect(problems).toEqual([]);
  await context.close();
}, 60_000);

test('without OPFS the replica falls back to IndexedDB, says so, and still persists', async () => {
  const context = await browser.newContext();
  const { page, problems } = await openTab(context, '?worker=no-opfs');
  const status = await connect(page);
  expect(status.storage).toMatchObject({ kind: 'indexeddb' });
  expect(status.storage!.fallbackReason).toMatch(/OPFS is not available/);
  await inPage(page, (pl) => pl.client.collection('notes').create({ title: 'kept in IndexedDB' }));
  await page.waitForTimeout(200); // IndexedDB commits shortly after the engine's commit
  await page.reload();
  await page.waitForSelector('#status:text("idle")');
  await connect(page);
  expect(await titles(page)).toEqual(['kept in IndexedDB']);
  expect(problems).toEqual([]);
  await context.close();
});

test('errors cross the worker as PocketBase-shaped errors and the replica stays usable', async () => {
  const context = await browser.newContext();
  const { page } = await openTab(context);
  await connect(page);
  const error = await inPage(page, (pl) =>
    pl.client
      .collection('notes')
      .create({ title: 'x'.repeat(300) })
      .then(
        () => null,
        (e) => ({ name: e.name, status: e.status, code: e.code, field: Object.keys(e.response.data) }),
      ),
  );
  expect(error).toEqual({ name: 'PocketliteError', status: 400, code: 'invalid_record', field: ['title'] });
  const filterError = await inPage(page, (pl) =>
    pl.client
      .collection('notes')
      .getList(1, 10, { filter: 'title = ' })
      .then(
        () => null,
        (e) => e.message,
      ),
  );
  expect(filterError).toMatch(/filter/i);
  await inPage(page, (pl) => pl.client.collection('notes').create({ title: 'fine' }));
  expect(await titles(page)).toEqual(['fine']);
  await context.close();
});

test('a crashed worker is replaced and committed data is still there; destroy deletes the replica', async () => {
  const context = await browser.newContext();
  const { page } = await openTab(context);
  await connect(page);
  await inPage(page, (pl) => pl.client.collection('notes').create({ title: 'before the crash' }));
  // Stop the worker behind the client's back, as a crash would.
  await inPage(page, (pl) => (pl.client as unknown as { worker: Worker }).worker.terminate());
  await page.waitForFunction(() => (globalThis as unknown as { pl: PageApi }).pl.client.restarts === 1);
  await page.waitForFunction(
    () => (globalThis as unknown as { pl: PageApi }).pl.client.status.role === 'leader',
  );
  expect(await titles(page)).toEqual(['before the crash']);

  await inPage(page, (pl) => pl.client.destroy());
  await page.reload();
  await page.waitForSelector('#status:text("idle")');
  await connect(page);
  expect(await titles(page)).toEqual([]);
  await context.close();
});

test('a write over the storage quota fails clearly, rolls back, and the replica stays usable', async () => {
  const context = await browser.newContext();
  const { page } = await openTab(context);
  await connect(page);
  await inPage(page, (pl) => pl.client.collection('notes').create({ title: 'committed first' }));
  const usage = (await inPage(page, (pl) => pl.client.status.storage!.usage)) ?? 0;
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', {
    origin: new URL(site.url).origin,
    quotaSize: usage + 256 * 1024,
  });
  const failure = await inPage(page, (pl) =>
    pl.client
      .collection('notes')
      .upsert(
        Array.from({ length: 400 }, (_, i) => ({
          id: `q${String(i).padStart(14, '0')}`,
          title: 'x'.repeat(190),
          meta: { pad: 'y'.repeat(4000) },
        })),
      )
      .then(
        (r) => ({ ok: r }),
        (e) => ({ status: e.status, code: e.code, message: e.message }),
      ),
  );
  expect(failure).toMatchObject({
    code: 'storage_full',
    message: expect.stringMatching(/quota is exhausted/),
  });
  expect(await titles(page)).toEqual(['committed first']);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(site.url).origin });
  await inPage(page, (pl) => pl.client.collection('notes').create({ title: 'after the quota error' }));
  expect(await titles(page)).toEqual(['after the quota error', 'committed first']);
  await context.close();
});
