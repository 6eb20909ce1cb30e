import fs from 'node:fs';

import type { Browser, BrowserContext, BrowserType } from 'playwright-core';

const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

/** Debian's Chromium, headless, with the flags this sandboxed network needs (no background calls). */
export function launchChromium(type: BrowserType): Promise<Browser> {
  return type.launch(launchOptions);
}

/**
 * Chromium with a profile on disk. Its contexts are not incognito, whose OPFS and IndexedDB live
 * in the browser process's memory: storage benchmarks need this one.
 */
export function launchChromiumOnDisk(type: BrowserType, profileDir: string): Promise<BrowserContext> {
  return type.launchPersistentContext(profileDir, launchOptions);
}

/** Chromium as a server whose process id is known, so a test can kill its renderers. */
export async function launchChromiumWithPid(type: BrowserType): Promise<{ browser: Browser; pid: number }> {
  const server = await type.launchServer(launchOptions);
  const browser = await type.connect(server.wsEndpoint());
  browser.on('disconnected', () => void server.close());
  return { browser, pid: server.process().pid! };
}

/** SIGKILLs every renderer process of the Chromium whose browser process is `pid` (a hard crash). */
export function killRenderers(pid: number): number {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const parent = Number(fs.readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // the process ended meanwhile
    }
  }
  let killed = 0;
  const visit = (parent: number) => {
    for (const child of children.get(parent) ?? []) {
      visit(child);
      const cmdline = fs.existsSync(`/proc/${child}/cmdline`)
        ? fs.readFileSync(`/proc/${child}/cmdline`, 'utf8')
        : '';
      if (cmdline.includes('--type=renderer')) {
        process.kill(child, 'SIGKILL');
        killed++;
      }
    }
  };
  visit(pid);
  return killed;
}
