// The static server the demo and the browser tests use (scripts/lib/static-server.ts) sends what a
// browser needs to cache the engine: hashed assets for a year, validators and 304s for the rest.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type http from 'node:http';

import { serveStatic } from '../../scripts/lib/static-server.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pocketlite-static-'));
let server: http.Server;
let url: string;

beforeAll(async () => {
  fs.mkdirSync(path.join(root, 'assets'));
  fs.writeFileSync(path.join(root, 'index.html'), '<p>hi</p>');
  fs.writeFileSync(path.join(root, 'assets', 'pocketlite-Bq3_x9Zk.wasm'), new Uint8Array([0, 97, 115, 109]));
  server = await serveStatic(root, {}, 0);
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(root, { recursive: true, force: true });
});

test('a hashed asset is cached for a year, as application/wasm, with a validator', async () => {
  const response = await fetch(`${url}/assets/pocketlite-Bq3_x9Zk.wasm`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/wasm');
  expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  expect(response.headers.get('etag')).toMatch(/^".+"$/);
  expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array([0, 97, 115, 109]));
});

test('the page is revalidated: the same ETag answers 304 without a body, a changed file 200', async () => {
  const first = await fetch(`${url}/`);
  expect(first.headers.get('cache-control')).toBe('no-cache');
  expect(first.headers.get('last-modified')).toBeTruthy();
  const etag = first.headers.get('etag')!;
  const again = await fetch(`${url}/`, { headers: { 'if-none-match': etag } });
  expect(again.status).toBe(304);
  expect(await again.text()).toBe('');
  fs.writeFileSync(path.join(root, 'index.html'), '<p>changed, longer</p>');
  const changed = await fetch(`${url}/`, { headers: { 'if-none-match': etag } });
  expect(changed.status).toBe(200);
  expect(await changed.text()).toBe('<p>changed, longer</p>');
});
