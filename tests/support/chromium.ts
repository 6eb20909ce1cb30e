import fs from 'node:fs';

import type { BrowserType, Browser } from 'playwright-core';

/** Debian's Chromium, headless, with the flags this sandboxed network needs (no background calls). */
export function launchChromium(type: BrowserType): Promise<Browser> {
  return type.launch({
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
  });
}

/** Chromium as a server whose process id is known, so a test can kill its renderers. */
export async function launchChromiumWithPid(type: BrowserType): Promise<{ browser: Browser; pid: number }> {
  const server = await type.launchServer({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
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
