// The vector benchmark (bench/vector-run.ts) in headless Chromium: builds bench/browser with Vite,
// serves it on 127.0.0.1, runs it in Debian's Chromium and prints the same tables as the Node run.
// Run: npx tsx bench/vector-browser.ts [vectors=50000] [dimension=1536]
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { buildAndServe } from '../scripts/lib/static-server.js';
import { launchChromium } from '../tests/support/chromium.js';
import { printVectorBench, type VectorBenchResult } from './vector-run.js';

const count = Number(process.argv[2] ?? 50_000);
const dimension = Number(process.argv[3] ?? 1536);
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), 'browser');
const site = await buildAndServe(root);

const browser = await launchChromium(chromium);
try {
  const page = await browser.newPage();
  page.on('console', (m) => m.type() === 'error' && console.error(m.text()));
  await page.goto(`${site.url}?count=${count}&dimension=${dimension}`);
  await page.waitForFunction(() => document.getElementById('result')?.textContent !== '', undefined, {
    timeout: 30 * 60_000,
  });
  const result = JSON.parse((await page.textContent('#result'))!) as VectorBenchResult & { error?: string };
  if (result.error) throw new Error(result.error);
  printVectorBench(result, `Chromium ${browser.version()}`);
} finally {
  await browser.close();
  await site.stop();
}
