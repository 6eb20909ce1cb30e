// Request timeouts count the network only (js/sync/http.ts). A fake HTTP server, because a real
// PocketBase cannot be made to trickle a body or to stay silent on purpose.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { requestText, SyncHttpError, type RequestTarget } from '../../js/sync/http.js';

let server: http.Server;
let target: RequestTarget;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url?.startsWith('/trickle')) {
      // 12 chunks, one every 150 ms: 1.8 s in all, never silent for long.
      res.writeHead(200, { 'Content-Type': 'application/json' });
      let sent = 0;
      const timer = setInterval(() => {
        res.write(sent === 0 ? '["' : 'x');
        if (++sent < 12) return;
        clearInterval(timer);
        res.end('"]');
      }, 150);
    } else if (req.url?.startsWith('/silent')) {
      res.writeHead(200); // headers, then nothing
    } else {
      res.end('"fast"');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  target = { pb: { buildURL: (path: string) => base + path } as never, token: () => '' };
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

test('a body that keeps arriving is slow, not down', async () => {
  expect(await requestText(target, '/trickle', { timeoutMs: 500 })).toBe(`["${'x'.repeat(11)}"]`);
});

test('time this thread spends busy (applying a page) does not count against the request', async () => {
  const pending = requestText(target, '/fast', { timeoutMs: 300 });
  const until = Date.now() + 900;
  while (Date.now() < until); // the engine applying a large page, 3× the timeout
  expect(await pending).toBe('"fast"');
});

test('silence times out, and says so', async () => {
  const started = performance.now();
  const error = await requestText(target, '/silent', { timeoutMs: 400 }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SyncHttpError);
  expect(error).toMatchObject({ status: 0, kind: 'timeout', transient: true });
  expect((error as Error).message).toMatch(/^timed out: the server sent nothing for 400 ms/);
  expect(performance.now() - started).toBeLessThan(2000);
});

test('a refused connection is unreachable, not a timeout', async () => {
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const gone = { pb: { buildURL: (p: string) => `http://127.0.0.1:${port}${p}` } as never, token: () => '' };
  const error = await requestText(gone, '/x', { timeoutMs: 1000 }).catch((e: unknown) => e);
  expect(error).toMatchObject({ status: 0, kind: 'unreachable' });
  expect((error as Error).message).toMatch(/^cannot reach the server: .*ECONNREFUSED/);
});
