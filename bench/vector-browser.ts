// The vector benchmark (bench/vector-run.ts) in headless Chromium: builds bench/browser with Vite,
// serves it on 127.0.0.1, runs it in Debian's Chromium and prints the same tables as the Node run.
// Run: npx tsx bench/vector-browser.ts [vectors=50000] [dimension=1536]
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';
import { build } from 'vite';

import { launchChromium } from '../tests/support/chromium.js';
import { printVectorBench, type VectorBenchResult } from './vector-run.js';

const count = Number(process.argv[2] ?? 50_000);
const dimension = Number(process.argv[3] ?? 1536);
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), 'browser');
await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });

const types: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
};
const server = http.createServer((request, response) => {
  const file = path.join(
    root,
    'dist',
    new URL(request.url!, 'http://x').pathname.replace(/\/$/, '/index.html'),
  );
  if (!file.startsWith(path.join(root, 'dist')) || !fs.existsSync(file)) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
  fs.createReadStream(file).pipe(response);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as { port: number };

const browser = await launchChromium(chromium);
try {
  const page = await browser.newPage();
  page.on('console', (m) => m.type() === 'error' && console.error(m.text()));
  await page.goto(`http://127.0.0.1:${port}/?count=${count}&dimension=${dimension}`);
  await page.waitForFunction(() => document.getElementById('result')?.textContent !== '', undefined, {
    timeout: 30 * 60_000,
  });
  const result = JSON.parse((await page.textContent('#result'))!) as VectorBenchResult & { error?: string };
  if (result.error) throw new Error(result.error);
  printVectorBench(result, `Chromium ${browser.version()}`);
} finally {
  await browser.close();
  server.close();
}
