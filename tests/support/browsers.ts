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
  /** Requests that got no answer (refused, aborted), as `url error`. */
  readonly failedRequests: string[];
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /** Waits until `fn` returns something truthy in the page. */
  waitForFunction(fn: () => unknown, timeoutMs?: number): Promise<void>;
  /** Waits until the element's text is `text`. */
  waitForText(selector: string, text: string | RegExp, timeoutMs?: number): Promise<void>;
  /** Waits until an element matches the CSS selector. */
  waitForSelector(selector: string, timeoutMs?: number): Promise<void>;
  /** The text of every element the CSS selector matches. */
  texts(selector: string): Promise<string[]>;
  click(selector: string): Promise<void>;
  /** Replaces an input's value as a user typing would. */
  fill(selector: string, text: string): Promise<void>;
  /** Picks an option of a select. */
  select(selector: string, value: string): Promise<void>;
  /** The rendered text of the first element the selector matches. */
  text(selector: string): Promise<string>;
  /** How many elements the selector matches. */
  count(selector: string): Promise<number>;
  /** Does `action` and resolves to the tab it opened (window.open). */
  popup(action: () => Promise<void>): Promise<Tab>;
  screenshot(path: string): Promise<void>;
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
/** Every tab's size, so screenshots compare across browsers. */
const VIEWPORT = { width: 1400, height: 900 };

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
        const context = await browser.newContext({ viewport: VIEWPORT });
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
const firstText = (selector: string) => {
  const element = document.querySelector(selector);
  if (!element) throw new Error(`no element matches ${selector}`);
  return (element as HTMLElement).innerText;
};
const countOf = (selector: string) => document.querySelectorAll(selector).length;

// What both drivers' tabs do the same way, through evaluate.
function common(evaluate: Tab['evaluate']): Pick<Tab, 'text' | 'count'> {
  return {
    text: (selector) => evaluate(firstText, selector),
    count: (selector) => evaluate(countOf, selector),
  };
}

/** A Tab over a Playwright page (a persistent profile's, say), loading `url` when given. */
export async function chromiumTab(page: ChromiumPage, url: string | null): Promise<Tab> {
  const problems: string[] = [];
  const failedRequests: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
  page.on('requestfailed', (r) => failedRequests.push(`${r.url()} ${r.failure()?.errorText ?? ''}`));
  if (url) await page.goto(url);
  const evaluate: Tab['evaluate'] = (fn, arg) => page.evaluate(fn as never, arg) as never;
  return {
    problems,
    failedRequests,
    evaluate,
    ...common(evaluate),
    select: async (selector, value) => void (await page.selectOption(selector, value)),
    popup: async (action) => {
      const opened = page.waitForEvent('popup');
      await action();
      return chromiumTab(await opened, null);
    },
    screenshot: async (path) => void (await page.screenshot({ path })),
    waitForFunction: async (fn, timeout = WAIT_MS) =>
      void (await page.waitForFunction(fn, undefined, { timeout })),
    waitForText: async (selector, text, timeout = WAIT_MS) =>
      void (await page.waitForFunction(hasText, textArgs(selector, text), { timeout })),
    waitForSelector: async (selector, timeout = WAIT_MS) =>
      void (await page.waitForSelector(selector, { timeout })),
    texts: (selector) => page.locator(selector).allTextContents(),
    click: (selector) => page.click(selector),
    fill: (selector, text) => page.fill(selector, text),
    goto: async (to) => void (await page.goto(to)),
    reload: async () => void (await page.reload()),
    close: () => page.close(),
  };
}

const plain = <A>(arg: A): A => (arg === undefined ? arg : (JSON.parse(JSON.stringify(arg)) as A));

async function firefoxTab(page: FirefoxPage, url: string | null): Promise<Tab> {
  const problems: string[] = [];
  const failedRequests: string[] = [];
  page.on('pageerror', (error) => problems.push(String((error as Error).message ?? error)));
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
  page.on('requestfailed', (r) => failedRequests.push(`${r.url()} ${r.failure()?.errorText ?? ''}`));
  await page.setViewport(VIEWPORT);
  if (url) await page.goto(url);
  // BiDi serializes plain data only: arguments cross as JSON (class instances as their fields).
  const evaluate: Tab['evaluate'] = (fn, arg) => page.evaluate(fn as never, plain(arg)) as never;
  return {
    problems,
    failedRequests,
    evaluate,
    ...common(evaluate),
    select: async (selector, value) => void (await page.select(selector, value)),
    popup: async (action) => {
      const opened = new Promise<FirefoxPage | null>((resolve) => page.once('popup', resolve));
      await action();
      return firefoxTab((await opened)!, null);
    },
    screenshot: async (path) => void (await page.screenshot({ path })),
    waitForFunction: async (fn, timeout = WAIT_MS) => void (await page.waitForFunction(fn, { timeout })),
    waitForText: async (selector, text, timeout = WAIT_MS) =>
      void (await page.waitForFunction(hasText, { timeout }, textArgs(selector, text))),
    waitForSelector: async (selector, timeout = WAIT_MS) =>
      void (await page.waitForSelector(selector, { timeout })),
    texts: (selector) => page.$$eval(selector, (elements) => elements.map((e) => e.textContent ?? '')),
    click: (selector) => page.click(selector),
    fill: async (selector, text) => {
      await page.click(selector, { count: 3 }); // selects what is there, which typing replaces
      await page.keyboard.press('Backspace');
      await page.type(selector, text);
    },
    goto: async (to) => void (await page.goto(to)),
    reload: async () => void (await page.reload()),
    close: () => page.close(),
  };
}
