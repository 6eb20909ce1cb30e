// The browser runtime's test page (tests/browser/app), built once with Vite and served on
// 127.0.0.1, plus helpers to drive `window.pl` in its tabs.
import path from 'node:path';
import type http from 'node:http';
import { fileURLToPath } from 'node:url';

import type { Page } from 'playwright-core';
import { build } from 'vite';

import type { ConnectOptions, ReplicaClient } from '../../js/browser.js';
import { serveStatic } from '../../scripts/lib/static-server.js';

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../browser/app');

/** Builds and serves the test page; resolves to its URL and a stop function. */
export async function serveRuntimePage(): Promise<{ url: string; stop: () => Promise<void> }> {
  await build({ configFile: path.join(appDir, 'vite.config.ts'), logLevel: 'warn' });
  const server: http.Server = await serveStatic(path.join(appDir, 'dist'), {}, 0);
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** What the page exposes (tests/browser/app/main.ts). */
export interface PageApi {
  client: ReplicaClient;
  updates: unknown[];
  connect(options: Omit<ConnectOptions, 'worker'>): Promise<ReplicaClient['status']>;
}

/** Runs `fn` in the page with its `pl` object. */
export function inPage<R, A = undefined>(
  page: Page,
  fn: (pl: PageApi, arg: A) => R | Promise<R>,
  arg?: A,
): Promise<R> {
  return page.evaluate(
    ([source, value]) => {
      const run = new Function(`return (${source})`)() as (pl: unknown, arg: unknown) => unknown;
      return run((globalThis as unknown as { pl: unknown }).pl, value);
    },
    [fn.toString(), arg] as const,
  ) as Promise<R>;
}
