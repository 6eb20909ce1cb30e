// The demo's initial sync in real browsers: a fresh profile opens the dashboard and the time until
// the sync badge says live (every collection pulled, persisted, indexed), next to the same
// browser fetching the same records the way OpenSync's hooks do today (the REST pages of every
// synced collection into JS arrays, nothing kept). Chromium with a profile on disk and in an
// incognito context (storage in memory, as in a private window), Firefox ESR and a Firefox
// private window (no OPFS there: IndexedDB).
// Run: npx tsx bench/initial-sync-browsers.ts [demo|small]   (default demo: 2,000 sessions)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { chromium } from 'playwright-core';

import { SIZES } from '../js/opensync/generator.js';
import { DEMO_LOGIN, startDemo } from '../scripts/lib/demo-server.js';
import { chromiumTab, launchBrowser, type Tab } from '../tests/support/browsers.js';
import { launchChromiumOnDisk } from '../tests/support/chromium.js';

const size = (process.argv[2] ?? 'demo') as keyof typeof SIZES;
/** What the demo syncs (demo/src/main.tsx). */
const COLLECTIONS = ['users', 'sessions', 'messages', 'parts', 'sessionEmbeddings'];
const pbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pocketlite-initial-sync-'));
const demo = await startDemo({ size: SIZES[size], pbDataDir: pbDir });

interface Opened {
  tab: Tab;
  close: () => Promise<void>;
}

const contexts: Array<[string, () => Promise<Opened>]> = [
  [
    'Chromium, profile on disk (OPFS)',
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pocketlite-profile-'));
      const context = await launchChromiumOnDisk(chromium, dir);
      const tab = await chromiumTab(await context.newPage(), null);
      return { tab, close: async () => (await context.close(), fs.rmSync(dir, { recursive: true })) };
    },
  ],
  ['Chromium, incognito context', () => opened('chromium')],
  ['Firefox ESR (OPFS)', () => opened('firefox')],
  ['Firefox private window (IndexedDB)', () => opened('firefox', true)],
];

async function opened(name: 'chromium' | 'firefox', privateWindow = false): Promise<Opened> {
  const browser = await launchBrowser(name, { private: privateWindow });
  const tab = await (await browser.newGroup()).newTab('about:blank');
  return { tab, close: () => browser.close() };
}

// The baseline in the page: sign in, then every collection's REST pages of 1,000 into arrays.
async function fetchEverything(tab: Tab): Promise<{ ms: number; records: number }> {
  return tab.evaluate(
    async ({ url, email, password, collections }) => {
      const start = performance.now();
      const auth = await fetch(`${url}/api/collections/users/auth-with-password`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ identity: email, password }),
      }).then((r) => r.json());
      let records = 0;
      for (const collection of collections) {
        for (let page = 1; ; page++) {
          const list = await fetch(
            `${url}/api/collections/${collection}/records?page=${page}&perPage=1000&skipTotal=1`,
            { headers: { authorization: auth.token } },
          ).then((r) => r.json());
          records += list.items.length;
          if (list.items.length < 1000) break;
        }
      }
      return { ms: performance.now() - start, records };
    },
    { url: demo.pocketbase.url, ...DEMO_LOGIN, collections: COLLECTIONS },
  );
}

async function pocketlite(open: () => Promise<Opened>): Promise<number> {
  const { tab, close } = await open();
  const start = performance.now();
  await tab.goto(demo.pageUrl);
  await tab.waitForSelector('#sync[data-state="live"]', 900_000);
  const ms = performance.now() - start;
  await close();
  return ms;
}

async function baseline(open: () => Promise<Opened>): Promise<{ ms: number; records: number }> {
  const { tab, close } = await open();
  await tab.goto(demo.pageUrl.replace(/\/$/, '/config.json')); // the demo's origin, no app running
  const result = await fetchEverything(tab);
  await close();
  return result;
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
try {
  console.log(
    `\nInitial sync of the ${size} dataset (${demo.sessions} sessions of one user), fresh profiles`,
  );
  console.log(
    `${'browser and storage'.padEnd(38)} ${'fetch into arrays'.padStart(18)} ${'pocketlite to live'.padStart(19)} ${'vs fetch'.padStart(9)}`,
  );
  for (const [name, open] of contexts) {
    const fetched = await baseline(open);
    const synced = await pocketlite(open);
    console.log(
      `${name.padEnd(38)} ${`${s(fetched.ms)} (${fetched.records})`.padStart(18)} ${s(synced).padStart(19)} ${`${(synced / fetched.ms).toFixed(2)}×`.padStart(9)}`,
    );
  }
} finally {
  await demo.stop();
  fs.rmSync(pbDir, { recursive: true, force: true });
}
