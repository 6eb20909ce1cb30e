// A small static file server for built Vite pages (the demo, the browser tests, the benchmarks).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/**
 * Vite names what it emits under assets/ by content hash: those never change and are cached for a
 * year. The rest (index.html) is checked each time; the validators turn that into a 304. A cached
 * .wasm is what lets the browser reuse the code it compiled (Chromium keeps optimised wasm code
 * with a cached response).
 */
const cacheControl = (pathname: string) =>
  /^\/assets\/.+-[\w-]{8,}\.\w+$/.test(pathname) ? 'public, max-age=31536000, immutable' : 'no-cache';

/** Serves a built page folder on 127.0.0.1; `/config.json` answers with `config`. */
export function serveStatic(root: string, config: object, port: number): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    let pathname: string;
    try {
      pathname = path.posix.normalize(decodeURIComponent((request.url ?? '/').split('?')[0]!));
    } catch {
      response.writeHead(400).end('bad path');
      return;
    }
    if (pathname === '/config.json') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(config));
      return;
    }
    const file = path.join(root, pathname === '/' ? 'index.html' : pathname);
    if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      response.writeHead(404).end('not found');
      return;
    }
    const stat = fs.statSync(file);
    const etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
    const headers = {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      etag,
      'last-modified': stat.mtime.toUTCString(),
      'cache-control': cacheControl(pathname),
    };
    if (request.headers['if-none-match'] === etag) {
      response.writeHead(304, headers).end();
      return;
    }
    response.writeHead(200, headers);
    fs.createReadStream(file).pipe(response);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

/** Builds the Vite app in `appDir` (its vite.config.ts) and serves its dist/ on a free port. */
export async function buildAndServe(appDir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const { build } = await import('vite');
  await build({ configFile: path.join(appDir, 'vite.config.ts'), logLevel: 'warn' });
  const server = await serveStatic(path.join(appDir, 'dist'), {}, 0);
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
