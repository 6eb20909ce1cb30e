// The main thread stays responsive while the worker runs an initial sync from a real PocketBase:
// the browser reports no long task (> 50 ms) on the page during the whole sync.
// CI syncs 2,000 sessions (~34k messages, ~35 pages); `npm run soak -- --longtask` syncs 10,000
// (~200k messages, ~10 minutes here: the server takes ~2 s per page of 1000 messages, because its
// list rule joins each message to its session). LONGTASK_SESSIONS sets the size.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { chromium, type BrowserContext } from 'playwright-core';

import { generateOpenSync } from '../../js/opensync/generator.js';
import { opensyncSchema } from '../../js/opensync/schema.js';
import { loadDataset, startPocketBase, type PocketBaseServer } from '../../scripts/lib/pocketbase.js';
import { launchChromiumOnDisk } from '../support/chromium.js';
import { inPage, serveRuntimePage } from '../support/runtime-page.js';
import { PASSWORD, signIn, waitFor } from '../support/sync-harness.js';

// ~17 messages a session (the generator varies the count per session around the mean).
const sessions = Number(process.env.LONGTASK_SESSIONS ?? 2_000);
const data = generateOpenSync({ users: 1, sessionsPerUser: sessions, messagesPerSession: 17, seed: 11 });
let browser: BrowserContext;
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'pocketlite-longtask-profile-'));
let site: { url: string; stop: () => Promise<void> };
let server: PocketBaseServer;

beforeAll(async () => {
  server = await startPocketBase();
  const synced = { ...data, parts: [], sessionEmbeddings: [], messageEmbeddings: [] };
  await loadDataset(server, synced, { password: PASSWORD, batchSize: 500 });
  site = await serveRuntimePage();
  // A profile on disk: in an incognito context OPFS lives in the browser process's memory and
  // every write is a round trip to it, which made this sync several times slower.
  browser = await launchChromiumOnDisk(chromium, profile);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await site?.stop();
  await server?.stop();
  fs.rmSync(profile, { recursive: true, force: true });
});

test('no long task on the page while the worker ingests the initial sync', async () => {
  expect(data.messages.length).toBeGreaterThanOrEqual(sessions * 15);
  const pb = await signIn(server.url, data.users[0]!.email as string);
  const page = await browser.newPage();
  await page.goto(site.url);
  await page.waitForSelector('#status:text("idle")');
  const options = {
    url: server.url,
    userId: pb.authStore.record!.id,
    auth: { token: pb.authStore.token, record: pb.authStore.record },
    schema: opensyncSchema,
    sync: { collections: ['users', 'sessions', 'messages'], realtime: false },
  };
  await inPage(page, (pl, o) => pl.connect(o as never), options);
  const started = Date.now();
  // The observer reports a task after it ends, so one from before this point may arrive later:
  // only tasks that start during the sync count.
  const since = await inPage(page, () => performance.now());
  const idle = () => inPage(page, (pl) => pl.client.status.sync?.status === 'polling');
  await waitFor('the initial sync', idle, 900_000);
  const synced = Date.now() - started;
  expect(await inPage(page, (pl) => pl.client.collection('messages').count())).toBe(data.messages.length);
  const longTasks = (await inPage(page, (pl) => pl.longTasks)).filter((t) => t.start >= since);
  console.log(
    `initial sync of ${data.messages.length} messages in ${synced} ms, long tasks: ${JSON.stringify(longTasks)}`,
  );
  expect(longTasks).toEqual([]);
  // The worker was busy for seconds at a time (rebuilding indexes after the pull), never replaced.
  expect(await inPage(page, (pl) => pl.client.restarts)).toBe(0);
}, 1_000_000);
