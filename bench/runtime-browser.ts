// The browser runtime benchmark in headless Chromium (bench/runtime-browser is the page):
// - durable one-record write transactions on OPFS: pocketlite vs @sqlite.org/sqlite-wasm's
//   opfs-sahpool VFS, both timed inside a worker, plus ours from the page through the worker RPC;
// - cold open of a replica holding 10k sessions / ~150k messages to its first query result;
// - cross-tab write-to-update latency (a write in one tab until another tab's live query has it).
// Run: [ROUNDS=3] npx tsx bench/runtime-browser.ts [writes=300]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium, type Page } from 'playwright-core';

import { generateOpenSync, SIZES } from '../js/opensync/generator.js';
import { buildAndServe } from '../scripts/lib/static-server.js';
import { launchChromiumOnDisk } from '../tests/support/chromium.js';
import { median, printComparison } from './table.js';

const writes = Number(process.argv[2] ?? 300);
const rounds = Number(process.env.ROUNDS ?? 3);
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), 'runtime-browser');
const site = await buildAndServe(root);
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'pocketlite-bench-profile-'));
const context = await launchChromiumOnDisk(chromium, profile);

interface BenchApi {
  writes(count: number): Promise<{ ours: number[]; sqlite: number[]; sqliteBest: number[] }>;
  writesFromPage(count: number): Promise<number[]>;
  openOpenSync(): Promise<number>;
  fill(collection: string, records: unknown[]): Promise<void>;
  cold: Promise<{ ms: number; items: number; steps: { module: number; connected: number } }>;
  watchNotes(): Promise<void>;
  writeNote(i: number): Promise<number>;
  arrivals: Array<[number, number]>;
}

const run = <R, A = undefined>(page: Page, fn: (bench: BenchApi, arg: A) => Promise<R> | R, arg?: A) =>
  page.evaluate(
    ([source, value]) =>
      (new Function(`return (${source})`)() as (b: unknown, a: unknown) => unknown)(
        (globalThis as unknown as { bench: unknown }).bench,
        value,
      ),
    [fn.toString(), arg] as const,
  ) as Promise<R>;

async function openPage(query = ''): Promise<Page> {
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && console.error(m.text()));
  await page.goto(site.url + query);
  await page.waitForSelector('#log:text("ready")');
  return page;
}

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;
const p = (values: number[]) =>
  `p50 ${median(values).toFixed(2)} · p95 ${percentile(values, 0.95).toFixed(2)} ms`;

try {
  console.log(
    `Chromium ${context.browser()?.version() ?? ''} (profile on disk), ${writes} writes per contender and round`,
  );

  const page = await openPage();
  // Each round: every contender's writes (the worker's three alternate write by write), then the
  // page's; the ratio is taken per round on the rounds' medians.
  const all = { best: [] as number[], plain: [] as number[], ours: [] as number[], page: [] as number[] };
  const medians = { best: [] as number[], plain: [] as number[], ours: [] as number[], page: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    const inWorker = await run(page, (b, n) => b.writes(n), writes);
    const fromPage = await run(page, (b, n) => b.writesFromPage(n), writes);
    const got = { best: inWorker.sqliteBest, plain: inWorker.sqlite, ours: inWorker.ours, page: fromPage };
    for (const key of Object.keys(got) as Array<keyof typeof got>) {
      all[key].push(...got[key]);
      medians[key].push(median(got[key]));
    }
  }
  printComparison(
    `Durable one-record write transaction on OPFS, ${rounds} rounds (ratio > 1: faster than the best sqlite-wasm)`,
    [
      {
        name: 'sqlite-wasm opfs-sahpool, at its best',
        technique: 'locking_mode = EXCLUSIVE, journal_mode = WAL, synchronous = FULL, prepared insert',
      },
      { name: 'sqlite-wasm opfs-sahpool, as before', technique: 'journal_mode = TRUNCATE, exec per insert' },
      {
        name: 'pocketlite create() in the worker',
        technique: 'WAL: validation, the row and its outbox entry, one commit',
      },
      {
        name: 'pocketlite create() from the page',
        technique: "the same through the worker's message round trip",
      },
    ],
    [medians.best, medians.plain, medians.ours, medians.page],
    { unit: 'ms', higherIsBetter: false },
  );
  for (const [key, values] of Object.entries(all))
    console.log(`  ${key}: ${p(values)} over ${values.length} writes`);

  const data = generateOpenSync({ ...SIZES.bench, seed: 7 });
  const filling = Date.now();
  await run(page, (b) => b.openOpenSync());
  for (const collection of ['users', 'sessions', 'messages'] as const)
    for (let i = 0; i < data[collection].length; i += 5000)
      await run(page, (b, [name, rows]) => b.fill(name, rows), [
        collection,
        data[collection].slice(i, i + 5000),
      ] as const);
  console.log(
    `\nfilled the OpenSync replica (${data.sessions.length} sessions, ${data.messages.length} messages) in ${Date.now() - filling} ms`,
  );
  await page.close();
  const cold: number[] = [];
  const steps: string[] = [];
  for (let i = 0; i < 6; i++) {
    const tab = await openPage('?cold');
    const { ms, items, steps: at } = await run(tab, (b) => b.cold);
    if (items !== 50) throw new Error(`cold open returned ${items} sessions`);
    cold.push(ms);
    steps.push(
      `module ${at.module.toFixed(0)} → connected ${at.connected.toFixed(0)} → result ${ms.toFixed(0)}`,
    );
    await tab.close();
  }
  // Each in a new tab (a new worker); the engine's .wasm comes from the HTTP cache with the code
  // Chromium compiled for it before (the static server sends validators).
  console.log(
    `\nCold open, navigation → first getList of sessions (${data.sessions.length} sessions, ${data.messages.length} messages), ` +
      `opened as the page's module loads: median ${median(cold).toFixed(0)} ms, ` +
      `runs ${cold.map((ms) => ms.toFixed(0)).join(', ')} (target ≤ 300 ms)\n  ${steps.join('\n  ')}`,
  );

  const [leader, follower] = [await openPage(), await openPage()];
  await run(leader, (b) => b.watchNotes());
  await run(follower, (b) => b.watchNotes());
  const latencies: Record<string, number[]> = { 'leader → follower': [], 'follower → leader': [] };
  for (let i = 0; i < 100; i++) {
    const [from, to, key] =
      i % 2 ? [follower, leader, 'follower → leader'] : [leader, follower, 'leader → follower'];
    const issued = await run(from, (b, n) => b.writeNote(n), i);
    await to.waitForFunction(
      (n) =>
        (globalThis as unknown as { bench: { arrivals: Array<[number]> } }).bench.arrivals.some(
          ([c]) => c === n,
        ),
      i + 1,
    );
    const arrived = await run(to, (b, n) => b.arrivals.find(([c]) => c === n)![1], i + 1);
    latencies[key]!.push(arrived - issued);
  }
  console.log('\nCross-tab write → other tab live query updated (ms)');
  for (const [key, values] of Object.entries(latencies)) console.log(`  ${key.padEnd(20)} ${p(values)}`);
} finally {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
  await site.stop();
}
