// The browser runtime in real headless browsers: the engine in a worker, OPFS storage that
// survives reloads, the IndexedDB fallback, tabs sharing one replica and a crashed worker replaced,
// in Chromium and in Firefox; a renderer crash and a storage quota (which need Chromium's own
// controls) in Chromium.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

import { BROWSERS, launchBrowser, type Tab, type TabGroup, type TestBrowser } from '../support/browsers.js';
import { notesCollection } from '../support/schema-fixtures.js';
import { killRenderers, launchChromium, launchChromiumWithPid } from '../support/chromium.js';
import { inPage, serveRuntimePage, type PageApi } from '../support/runtime-page.js';

let site: { url: string; stop: () => Promise<void> };

beforeAll(async () => {
  site = await serveRuntimePage();
}, 120_000);

afterAll(async () => {
  await site?.stop();
});

/** A local-only replica of the notes collection (no server: sync off). */
const LOCAL = { url: 'http://127.0.0.1:9', userId: 'u1', schema: [notesCollection], sync: false as const };

const connect = (page: Page | Tab, options: object = LOCAL) =>
  inPage(page, (pl, o) => pl.connect(o as never), options);

const titles = (page: Page | Tab) =>
  inPage(page, async (pl) =>
    (await pl.client.collection('notes').getFullList({ sort: 'title' })).map((n) => n.title),
  );

const ready = (tab: Tab) => tab.waitForText('#status', 'idle');

describe.each(BROWSERS)('%s', (name) => {
  let browser: TestBrowser;
  let group: TabGroup;
  beforeAll(async () => {
    browser = await launchBrowser(name);
  }, 60_000);
  beforeEach(async () => {
    group = await browser.newGroup();
  });
  afterEach(async () => {
    await group.close();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function openTab(query = ''): Promise<Tab> {
    const tab = await group.newTab(site.url + query);
    await ready(tab);
    return tab;
  }

  test('data written in a tab survives a reload (OPFS), and the page never loads the wasm', async () => {
    const page = await openTab();
    const status = await connect(page);
    expect(status).toMatchObject({ role: 'leader', tabs: 1, storage: { kind: 'opfs' } });
    await inPage(page, async (pl) => {
      for (const title of ['alpha', 'beta', 'gamma']) await pl.client.collection('notes').create({ title });
    });
    await page.reload();
    await ready(page);
    // The reloaded page starts its worker first (prepareReplica); the connection takes that one.
    await inPage(page, async (pl) => pl.prepare());
    await connect(page);
    expect(await inPage(page, async (pl) => pl.spawned)).toBe(1);
    expect(await titles(page)).toEqual(['alpha', 'beta', 'gamma']);
    const wasmOnPage = await page.evaluate(
      () => performance.getEntriesByType('resource').some((entry) => entry.name.endsWith('.wasm')),
      undefined,
    );
    expect(wasmOnPage).toBe(false);
    expect(page.problems).toEqual([]);
  });

  test('three tabs share one replica: live queries see every tab, and a follower takes over', async () => {
    const tabs = [await openTab(), await openTab(), await openTab()];
    const roles = [];
    for (const page of tabs) roles.push((await connect(page)).role);
    expect(roles).toEqual(['leader', 'follower', 'follower']);
    for (const page of tabs)
      await inPage(
        page,
        (pl) => void pl.client.collection('notes').watchCount('', (n) => pl.updates.push(n)),
      );

    // Concurrent writes from every tab.
    await Promise.all(
      tabs.map((page, tab) =>
        inPage(
          page,
          async (pl, t) => {
            for (let i = 0; i < 20; i++)
              await pl.client.collection('notes').create({ title: `tab${t} ${i}` });
          },
          tab,
        ),
      ),
    );
    for (const page of tabs)
      await page.waitForFunction(() => (globalThis as unknown as { pl: PageApi }).pl.updates.at(-1) === 60);

    // Writes in flight while the leader's tab closes are not lost.
    const inFlight = tabs.slice(1).map((page, tab) =>
      inPage(
        page,
        async (pl, t) => {
          for (let i = 0; i < 10; i++) await pl.client.collection('notes').create({ title: `late${t} ${i}` });
        },
        tab,
      ),
    );
    // Each remaining tab notes (by the shared wall clock) when it becomes the leader.
    for (const page of tabs.slice(1))
      await inPage(page, (pl) => {
        pl.client.onStatus(
          (s) => s.role === 'leader' && ((pl as unknown as { leaderAt?: number }).leaderAt ??= Date.now()),
        );
      });
    const closedAt = Date.now();
    await tabs[0]!.close();
    await tabs[1]!.waitForFunction(
      () => (globalThis as unknown as { pl: PageApi }).pl.client.status.tabs === 2,
    );
    const leaderAt = await Promise.all(
      tabs.slice(1).map((page) => inPage(page, (pl) => (pl as unknown as { leaderAt?: number }).leaderAt)),
    );
    const takeover = leaderAt.find((at) => at !== undefined)! - closedAt;
    await Promise.all(inFlight);
    const newRoles = await Promise.all(
      tabs.slice(1).map((page) => inPage(page, (pl) => pl.client.status.role)),
    );
    expect(newRoles.sort()).toEqual(['follower', 'leader']);
    // The lock hands the replica over at once; the bound only tells a prompt takeover from one
    // that waits for something (a loaded 2-core CI run measured 2,048 ms, an idle one < 1 s).
    expect(takeover).toBeLessThan(5000);
    for (const page of tabs.slice(1)) {
      await page.waitForFunction(() => (globalThis as unknown as { pl: PageApi }).pl.updates.at(-1) === 80);
      expect(await titles(page)).toHaveLength(80);
    }
    for (const tab of tabs) expect(tab.problems).toEqual([]);
  }, 60_000);

  test('without OPFS the replica falls back to IndexedDB, says so, and still persists', async () => {
    const page = await openTab('?worker=no-opfs');
    const status = await connect(page);
    expect(status.storage).toMatchObject({ kind: 'indexeddb' });
    expect(status.storage!.fallbackReason).toMatch(/OPFS is not available/);
    await inPage(page, (pl) => pl.client.collection('notes').create({ title: 'kept in IndexedDB' }));
    await new Promise((resolve) => setTimeout(resolve, 200)); // IndexedDB commits shortly after the engine's commit
    await page.reload();
    await ready(page);
    await connect(page);
    expect(await titles(page)).toEqual(['kept in IndexedDB']);
    expect(page.problems).toEqual([]);
  });

  test('local indexes declared at connect reach the worker; a bad one is refused with its place', async () => {
    const page = await openTab();
    const refused = await inPage(
      page,
      (pl, o) =>
        pl.connect(o as never).then(
          () => null,
          (e) => ({ name: e.name, status: e.status, code: e.code, place: Object.keys(e.response.data) }),
        ),
      { ...LOCAL, indexes: { notes: [['nope']] } },
    );
    expect(refused).toEqual({
      name: 'PocketliteError',
      status: 400,
      code: 'invalid_index',
      place: ['indexes.notes[0]'],
    });
    await connect(page, { ...LOCAL, indexes: { notes: [['done', 'n']] } });
    const indexes = await inPage(page, async (pl) => {
      const all = (await pl.client.collections()) as Array<{ name: string; indexes?: string[] }>;
      return all.find((c) => c.name === 'notes')?.indexes ?? [];
    });
    expect(indexes).toContain('CREATE INDEX `pl_local_notes_0` ON `notes` (`done`, `n`)');
    await inPage(page, (pl) => pl.client.collection('notes').create({ title: 'indexed', done: true, n: 2 }));
    const found = await inPage(page, async (pl) =>
      (await pl.client.collection('notes').getList(1, 5, { filter: 'done = true && n > 1' })).items.map(
        (n) => n.title,
      ),
    );
    expect(found).toEqual(['indexed']);
  });

  test('errors cross the worker as PocketBase-shaped errors and the replica stays usable', async () => {
    const page = await openTab();
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
  });

  test('a crashed worker is replaced and committed data is still there; destroy deletes the replica', async () => {
    const page = await openTab();
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
    await ready(page);
    await connect(page);
    expect(await titles(page)).toEqual([]);
  });

  test('the status names storage risks: memory only, and unsynced writes the browser may evict', async () => {
    const memory = await openTab();
    const status = await connect(memory, { ...LOCAL, userId: 'u-memory', storage: 'memory' });
    expect(status.storage!.warnings!.map((w) => w.code)).toEqual(['memory']);

    // Syncing to a server that does not answer: the write waits in the outbox, in storage the
    // browser has not been asked to keep (a test profile grants no persistence).
    const page = await openTab();
    const offline = { ...LOCAL, auth: { token: 't', record: { id: 'u1' } }, sync: { retry: { baseMs: 50 } } };
    expect((await connect(page, offline)).storage!.warnings).toEqual([]);
    await inPage(page, (pl) => pl.client.collection('notes').create({ title: 'not yet on the server' }));
    await page.waitForFunction(() =>
      (globalThis as unknown as { pl: PageApi }).pl.client.status.storage?.warnings?.some(
        (w) => w.code === 'unsynced-not-persisted',
      ),
    );
    expect(page.problems.filter((p) => !/127\.0\.0\.1:9|NetworkError|Failed to fetch/.test(p))).toEqual([]);
  });
});

describe('a Firefox private window', () => {
  let browser: TestBrowser;
  beforeAll(async () => {
    browser = await launchBrowser('firefox', { private: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  test('connects without OPFS, keeps the replica in IndexedDB and warns that it ends with the session', async () => {
    const group = await browser.newGroup();
    const page = await group.newTab(site.url);
    await ready(page);
    const status = await connect(page);
    expect(status.storage).toMatchObject({ kind: 'indexeddb', private: true });
    expect(status.storage!.warnings!.map((w) => w.code)).toEqual(['private']);
    await inPage(page, (pl) => pl.client.collection('notes').create({ title: 'private' }));
    expect(await titles(page)).toEqual(['private']);
    expect(page.problems).toEqual([]);
    await group.close();
  });
});

describe('chromium only', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium(chromium);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  async function openTab(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    await page.goto(site.url);
    await page.waitForSelector('#status:text("idle")');
    return page;
  }

  test('a renderer killed mid-write leaves every committed transaction and no partial one', async () => {
    // A browser of its own, so killing its renderers touches nothing else.
    const crashing = await launchChromiumWithPid(chromium);
    const context = await crashing.browser.newContext();
    const page = await openTab(context);
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
    const reopened = await openTab(context);
    await connect(reopened);
    const count = await inPage(reopened, (pl) => pl.client.collection('notes').count());
    expect(count).toBeGreaterThanOrEqual(acknowledged);
    expect(count % 50).toBe(0); // whole transactions only
    await crashing.browser.close();
  }, 60_000);

  test('a write over the storage quota fails clearly, rolls back, and the replica stays usable', async () => {
    const context = await browser.newContext();
    const page = await openTab(context);
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
});
