// The browser runtime's test page (tests/browser/app), built once with Vite and served on
// 127.0.0.1, plus helpers to drive `window.pl` in its tabs.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Page } from 'playwright-core';

import type { ConnectOptions, ReplicaClient } from '../../js/browser.js';
import { buildAndServe } from '../../scripts/lib/static-server.js';
import type { Tab } from './browsers.js';

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../browser/app');

/** Builds and serves the test page; resolves to its URL and a stop function. */
export const serveRuntimePage = () => buildAndServe(appDir);

/** What the page exposes (tests/browser/app/main.ts). */
export interface PageApi {
  client: ReplicaClient;
  updates: unknown[];
  longTasks: Array<{ start: number; duration: number }>;
  /** Workers the page created; `prepare` starts one before connecting (prepareReplica). */
  spawned: number;
  prepare(): void;
  connect(options: Omit<ConnectOptions, 'worker'>): Promise<ReplicaClient['status']>;
}

/** Runs `fn` in the page (a Playwright page or a Tab of either browser) with its `pl` object. */
export function inPage<R, A = undefined>(
  page: Page | Pick<Tab, 'evaluate'>,
  fn: (pl: PageApi, arg: A) => R | Promise<R>,
  arg?: A,
): Promise<R> {
  return (page as Pick<Tab, 'evaluate'>).evaluate(
    ([source, value]) => {
      const run = new Function(`return (${source})`)() as (pl: unknown, arg: unknown) => unknown;
      return run((globalThis as unknown as { pl: unknown }).pl, value);
    },
    [fn.toString(), arg] as const,
  ) as Promise<R>;
}
