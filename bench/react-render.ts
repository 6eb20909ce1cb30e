// React write-to-render and render counts in headless Chromium (bench/react-render is the page):
// one OpenSync dashboard page on pocketlite's hooks, next to the same page on OpenSync's
// fetch-and-reduce hooks pattern, both against a real PocketBase.
// - render counts and time to consistency under a stream of 200 server-side updates (half change
//   only a field the dashboard does not aggregate);
// - write-to-render latency for a list of 100 sessions: a write until the DOM shows it.
// Run: npx tsx bench/react-render.ts [sessions=300] [writes=60]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium, type Page } from 'playwright-core';

import { generateOpenSync } from '../js/opensync/generator.js';
import { loadDataset, startPocketBase } from '../scripts/lib/pocketbase.js';
import { buildAndServe } from '../scripts/lib/static-server.js';
import { launchChromiumOnDisk } from '../tests/support/chromium.js';
import { printTable } from './table.js';

const sessions = Number(process.argv[2] ?? 300);
const writes = Number(process.argv[3] ?? 60);
const PASSWORD = 'password-1234';
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), 'react-render');

const server = await startPocketBase();
const data = generateOpenSync({
  users: 1,
  sessionsPerUser: sessions,
  messagesPerSession: 1,
  seed: 3,
  now: Date.now(),
});
await loadDataset(server, data, { password: PASSWORD });
const site = await buildAndServe(root);
// A profile on disk: an incognito context keeps OPFS in the browser process's memory (slow).
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'pocketlite-react-profile-'));
const browser = await launchChromiumOnDisk(chromium, profile);

type Bench = { renders: Record<string, number>; ready: boolean; totalTokens: number };
const state = (page: Page) => page.evaluate(() => (globalThis as unknown as { bench: Bench }).bench);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;

async function open(mode: 'pocketlite' | 'fetch'): Promise<Page> {
  const page = await browser.newPage();
  page.on('console', (m) => m.type() === 'error' && console.error(`[${mode}] ${m.text()}`));
  const query = new URLSearchParams({
    mode,
    pb: server.url,
    email: String(data.users[0]!.email),
    password: PASSWORD,
  });
  await page.goto(`${site.url}?${query}`);
  await page.waitForFunction(() => (globalThis as unknown as { bench: Bench }).bench.ready, null, {
    timeout: 120_000,
  });
  await sleep(1000);
  return page;
}

// 200 server-side updates; odd ones change only `summary` (not shown, not aggregated).
async function stream(page: Page): Promise<{ renders: Record<string, number>; ms: number }> {
  await page.evaluate(() => {
    const { renders } = (globalThis as unknown as { bench: Bench }).bench;
    for (const key of Object.keys(renders)) renders[key] = 0;
  });
  let expected = (await state(page)).totalTokens;
  const start = performance.now();
  for (let i = 0; i < 200; i++) {
    const record = data.sessions[(i * 7) % data.sessions.length]!;
    if (i % 2)
      await server.admin.collection('sessions').update(record.id, { summary: `edit ${i} ${Date.now()}` });
    else {
      record.totalTokens = Number(record.totalTokens) + 1;
      expected++;
      await server.admin.collection('sessions').update(record.id, { totalTokens: record.totalTokens });
    }
  }
  const deadline = Date.now() + 120_000;
  while ((await state(page)).totalTokens !== expected) {
    if (Date.now() > deadline)
      throw new Error(`the page shows ${(await state(page)).totalTokens} tokens, not ${expected}`);
    await sleep(20);
  }
  const ms = performance.now() - start;
  await sleep(1500); // let late refetches land before counting
  return { renders: (await state(page)).renders, ms };
}

/** How a write reaches the list: pocketlite's replica, the SDK then a refetch, or the SDK with the list patched first. */
type WriteMode = 'pocketlite' | 'fetch' | 'fetch-optimistic';

// `writes` title edits of the list's first session: from the call until the DOM shows it.
async function writeToRender(page: Page, mode: WriteMode): Promise<number[]> {
  return page.evaluate(
    async ([count, how]) => {
      type Update = (id: string, data: object) => Promise<unknown>;
      type Writer = { collection: (name: string) => { update: Update } };
      const bench = (
        globalThis as unknown as { bench: { replica: Writer; pb: Writer; fetchUpdateOptimistic: Update } }
      ).bench;
      const first = document.querySelector('#sessions li')!;
      const id = first.getAttribute('data-id')!;
      const times: number[] = [];
      for (let i = 0; i < count; i++) {
        const title = `write ${i} ${Math.random()}`;
        const shown = new Promise<void>((resolve) => {
          const observer = new MutationObserver(() => {
            const li = document.querySelector(`#sessions li[data-id="${id}"]`);
            if (li?.textContent?.startsWith(title)) {
              observer.disconnect();
              resolve();
            }
          });
          observer.observe(document.getElementById('sessions')!, {
            subtree: true,
            childList: true,
            characterData: true,
          });
        });
        const start = performance.now();
        if (how === 'fetch-optimistic') void bench.fetchUpdateOptimistic(id, { title });
        else if (how === 'fetch') void bench.pb.collection('sessions').update(id, { title });
        else void bench.replica.collection('sessions').update(id, { title });
        await shown;
        times.push(performance.now() - start);
        await new Promise((r) => setTimeout(r, 20));
      }
      return times;
    },
    [writes, mode] as const,
  );
}

try {
  console.log(
    `Chromium ${browser.browser()?.version() ?? ''} (profile on disk), ${sessions} sessions on a real PocketBase, ${writes} writes`,
  );
  const results: Record<string, { renders: Record<string, number>; ms: number; latency: number[] }> = {};
  let optimistic: number[] = [];
  for (const mode of ['fetch', 'pocketlite'] as const) {
    const page = await open(mode);
    const streamed = await stream(page);
    results[mode] = { ...streamed, latency: await writeToRender(page, mode) };
    if (mode === 'fetch') optimistic = await writeToRender(page, 'fetch-optimistic');
    await page.close();
  }
  const total = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
  for (const part of ['summary', 'models', 'list', 'rows'])
    printTable(
      `Renders of the dashboard's ${part} under 200 sync updates (fewer is better)`,
      'renders',
      [
        { name: "OpenSync's fetch-and-reduce hooks", value: results.fetch!.renders[part]! },
        { name: 'pocketlite/opensync hooks', value: results.pocketlite!.renders[part]! },
      ],
      false,
    );
  printTable(
    'All component renders under 200 sync updates',
    'renders',
    [
      { name: "OpenSync's fetch-and-reduce hooks", value: total(results.fetch!.renders) },
      { name: 'pocketlite/opensync hooks', value: total(results.pocketlite!.renders) },
    ],
    false,
  );
  printTable(
    'Time until the page shows all 200 updates',
    'ms',
    [
      { name: "OpenSync's fetch-and-reduce hooks", value: results.fetch!.ms },
      { name: 'pocketlite/opensync hooks (sync → replica → hooks)', value: results.pocketlite!.ms },
    ],
    false,
  );
  for (const p of [0.5, 0.95])
    printTable(
      `Write-to-render, list of 100 sessions, p${p * 100} (target ≤ 16 ms)`,
      'ms',
      [
        {
          name: 'fetch-and-reduce: server write → realtime → refetch',
          value: percentile(results.fetch!.latency, p),
        },
        {
          name: 'fetch-and-reduce, optimistic: list state patched, then the server write',
          value: percentile(optimistic, p),
        },
        {
          name: 'pocketlite: replica.update → optimistic patch of the live result → hook',
          value: percentile(results.pocketlite!.latency, p),
        },
      ],
      false,
    );
} finally {
  await browser.close();
  fs.rmSync(profile, { recursive: true, force: true });
  await site.stop();
  await server.stop();
}
