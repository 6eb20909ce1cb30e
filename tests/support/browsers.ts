// The browsers the runtime is tested in, behind one small interface: Debian's Chromium through
// Playwright, and Debian's Firefox ESR through Puppeteer over WebDriver BiDi (Playwright drives
// only its own patched Firefox builds, which this machine cannot download).
import { chromium } from 'playwright-core';
import type { Page as ChromiumPage } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import type { Page as FirefoxPage } from 'puppeteer-core';

import { launchChromium } from './chromium.js';

/** The names of the tested browsers. */
export const BROWSERS = ['chromium', 'firefox'] as const;
export type BrowserName = (typeof BROWSERS)[number];

/** A tab of a test: what the runtime tests do with a page, in either browser. */
export interface Tab {
  /** Page errors and console errors, as they happen. */
  readonly problems: string[];
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /** Waits until `fn` returns something truthy in the page. */
  waitForFunction(fn: () => unknown, timeoutMs?: number): Promise<void>;
  /** Waits until the element's text is `text`. */
  waitForText(selector: string, text: string | RegExp, timeoutMs?: number): Promise<void>;
  goto(url: string): Promise<void>;
  reload(): Promise<void>;
  close(): Promise<void>;
}

/** Tabs that share storage (one browser context: one profile's OPFS, IndexedDB and locks). */
export interface TabGroup {
  newTab(url: string): Promise<Tab>;
  close(): Promise<void>;
}

/** A launched browser. */
export interface TestBrowser {
  readonly name: BrowserName;
  newGroup(): Promise<TabGroup>;
  close(): Promise<void>;
}

const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const WAIT_MS = 30_000;

/**
 * Launches one of the tested browsers, headless; `private` (Firefox) makes every window private,
 * as a user's private window is.
 */
export async function launchBrowser(
  name: BrowserName,
  options: { private?: boolean } = {},
): Promise<TestBrowser> {
  if (name === 'chromium') {
    const browser = await launchChromium(chromium);
    return {
      name,
      newGroup: async () => {
        const context = await browser.newContext();
        return {
          newTab: async (url) => chromiumTab(await context.newPage(), url),
          close: () => context.close(),
        };
      },
      close: () => browser.close(),
    };
  }
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    extraPrefsFirefox: options.private ? { 'browser.privatebrowsing.autostart': true } : {},
  });
  return {
    name,
    newGroup: async () => {
      const context = await browser.createBrowserContext();
      return {
        newTab: async (url) => firefoxTab(await context.newPage(), url),
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}

// The text check of waitForText, run in the page.
const hasText = ([selector, source, flags]: [string, string, string | null]) => {
  const text = document.querySelector(selector)?.textContent ?? null;
  return text !== null && (flags === null ? text === source : new RegExp(source, flags).test(text));
};
const textArgs = (selector: string, text: string | RegExp): [string, string, string | null] =>
  typeof text === 'string' ? [selector, text, null] : [selector, text.source, text.flags];

async function chromiumTab(page: ChromiumPage, url: string): Promise<Tab> {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
  await page.goto(url);
  return {
    problems,
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    waitForFunction: async (fn, timeout = WAIT_MS) =>
      void (await page.waitForFunction(fn, undefined, { timeout })),
    waitForText: async (selector, text, timeout = WAIT_MS) =>
      void (await page.waitForFunction(hasText, textArgs(selector, text), { timeout })),
    goto: async (to) => void (await page.goto(to)),
    reload: async () => void (await page.reload()),
    close: () => page.close(),
  };
}

const plain = <A>(arg: A): A => (arg === undefined ? arg : (JSON.parse(JSON.stringify(arg)) as A));

async function firefoxTab(page: FirefoxPage, url: string): Promise<Tab> {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(String((error as Error).message ?? error)));
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
  await page.goto(url);
  return {
    problems,
    // BiDi serializes plain data only: arguments cross as JSON (class instances as their fields).
    evaluate: (fn, arg) => page.evaluate(fn as never, plain(arg)) as never,
    waitForFunction: async (fn, timeout = WAIT_MS) => void (await page.waitForFunction(fn, { timeout })),
    waitForText: async (selector, text, timeout = WAIT_MS) =>
      void (await page.waitForFunction(hasText, { timeout }, textArgs(selector, text))),
    goto: async (to) => void (await page.goto(to)),
    reload: async () => void (await page.reload()),
    close: () => page.close(),
  };
}
