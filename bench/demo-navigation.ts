// The demo's first screen: time from navigation to the first rendered session list, measured in
// the page (performance.now() when the list first shows rows), in Chromium with a profile on disk:
// a cold replica (a new profile: the initial sync runs first) next to a warm one (a reload: the
// list comes from OPFS), and a warm one with the PocketBase server stopped.
// Run: npx tsx bench/demo-navigation.ts [sessions=1000] [reloads=5]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { chromium, type BrowserContext } from 'playwright-core';

import { freePort } from '../scripts/lib/pocketbase.js';
import { startDemo } from '../scripts/lib/demo-server.js';
import { launchChromiumOnDisk } from '../tests/support/chromium.js';
import { median, printTable } from './table.js';

const sessions = Number(process.argv[2] ?? 1000);
const reloads = Number(process.argv[3] ?? 5);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pocketlite-nav-'));
const demo = await startDemo({
  size: { users: 1, sessionsPerUser: sessions, messagesPerSession: 6 },
  pbDataDir: path.join(dataDir, 'pb'),
  pbPort: await freePort(),
});

// Navigates and returns when the list first showed rows, in ms since navigation start.
async function firstList(context: BrowserContext, reload: boolean): Promise<number> {
  const page = context.pages()[0] ?? (await context.newPage());
  if (reload) await page.reload();
  else await page.goto(demo.pageUrl);
  const handle = await page.waitForFunction(
    () => (window as unknown as { firstListAt?: number }).firstListAt,
    null,
    {
      timeout: 300_000,
    },
  );
  return Number(await handle.jsonValue());
}

const contexts: BrowserContext[] = [];
try {
  const cold: number[] = [];
  for (let i = 0; i < 3; i++) {
    const context = await launchChromiumOnDisk(chromium, fs.mkdtempSync(path.join(dataDir, 'profile-')));
    contexts.push(context);
    cold.push(await firstList(context, false));
    // Let the initial sync finish before the warm runs.
    await context.pages()[0]!.waitForSelector('#sync[data-state="live"]', { timeout: 300_000 });
  }
  const context = contexts.at(-1)!;
  const warm: number[] = [];
  for (let i = 0; i < reloads; i++) warm.push(await firstList(context, true));
  await demo.pocketbase.stop();
  const offline: number[] = [];
  for (let i = 0; i < reloads; i++) offline.push(await firstList(context, true));
  console.log(
    `${demo.sessions} sessions (${sessions} × ~8 messages and parts, session embeddings), Chromium, profile on disk`,
  );
  printTable(
    'Navigation to the first rendered session list (median)',
    'ms',
    [
      {
        name: 'cold replica (initial sync first)',
        value: median(cold),
        note: `${cold.map(Math.round).join(', ')}`,
      },
      { name: 'warm replica, server up', value: median(warm), note: `${warm.map(Math.round).join(', ')}` },
      {
        name: 'warm replica, server stopped',
        value: median(offline),
        note: `${offline.map(Math.round).join(', ')}`,
      },
    ],
    false,
  );
} finally {
  for (const context of contexts) await context.close();
  await demo.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
