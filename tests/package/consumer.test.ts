// The package as a stranger gets it: `npm pack` of the built repository, installed with npm into a
// fresh Vite + React app (tests/package/consumer-app, the README's quick start, no Vite config),
// type-checked and built there with that app's own TypeScript and Vite, then opened in Chromium
// and in Firefox against a real PocketBase: live rows online, rows from the replica on a cold
// start with the server down, and new rows again once it is back.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  createUser,
  freePort,
  startPocketBase,
  type PocketBaseServer,
} from '../../scripts/lib/pocketbase.js';
import { serveStatic } from '../../scripts/lib/static-server.js';
import { BROWSERS, launchBrowser, type TestBrowser } from '../support/browsers.js';
import { PASSWORD } from '../support/sync-harness.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pocketlite-consumer-'));
const app = path.join(work, 'app');
const dataDir = fs.mkdirSync(path.join(work, 'pb'), { recursive: true })!;
let browser: TestBrowser | undefined;
let server: PocketBaseServer;
let site: { close(): void; address(): unknown };
let port: number;

// The version this repository's own install resolved, so npm finds it in its cache.
function installed(name: string): string {
  const manifest = path.join(repo, 'node_modules', name, 'package.json');
  return (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string }).version;
}

// Runs a step of the app's set-up; a failure shows what the tool printed.
function run(command: string, args: string[], cwd: string): string {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const { stdout, stderr } = error as { stdout: string; stderr: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout}${stderr}`);
  }
}

beforeAll(async () => {
  const tarball = run('npm', ['pack', '--silent', '--pack-destination', work], repo)
    .trim()
    .split('\n')
    .pop()!;
  fs.cpSync(path.join(repo, 'tests/package/consumer-app'), app, { recursive: true });
  fs.writeFileSync(
    path.join(app, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  const peers = [
    'react',
    'react-dom',
    'pocketbase',
    'vite',
    'typescript',
    '@types/react',
    '@types/react-dom',
  ];
  run(
    'npm',
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      path.join(work, tarball),
      ...peers.map((name) => `${name}@${installed(name)}`),
    ],
    app,
  );
  run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.'], app);
  run(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], app);
  site = await serveStatic(path.join(app, 'dist'), {}, 0);
  port = await freePort();
  server = await startPocketBase({ dataDir, port });
}, 240_000);

afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

afterAll(async () => {
  site?.close();
  await server?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

test('the installed package has what it promises: a license, sources behind its maps, no strays', () => {
  const pkg = path.join(app, 'node_modules/pocketlite');
  expect(fs.readFileSync(path.join(pkg, 'LICENSE'), 'utf8')).toContain('MIT License');
  const map = JSON.parse(fs.readFileSync(path.join(pkg, 'dist/react/provider.js.map'), 'utf8')) as {
    sourcesContent?: string[];
  };
  expect(map.sourcesContent?.[0]).toContain('export function ReplicaProvider');
  for (const image of fs
    .readFileSync(path.join(pkg, 'README.md'), 'utf8')
    .matchAll(/!\[[^\]]*\]\(([^)]+)\)/g))
    expect(fs.existsSync(path.join(pkg, image[1]!))).toBe(true);
  // Every module in the package was built from a source that exists: nothing deleted lingers.
  for (const file of fs.readdirSync(path.join(pkg, 'dist'), { recursive: true }) as string[]) {
    if (!file.endsWith('.js')) continue;
    const source = path.join(repo, 'js', file.replace(/\.js$/, ''));
    expect([`${source}.ts`, `${source}.tsx`].some((f) => fs.existsSync(f)) ? file : `stray ${file}`).toBe(
      file,
    );
  }
});

test.each(BROWSERS)(
  '%s: a fresh Vite app on the packed tarball shows live rows, starts offline from its replica, and catches up',
  async (name) => {
    const email = `consumer-${name}@example.com`;
    const userId = await createUser(server, email, PASSWORD);
    const addSession = (title: string) =>
      server.admin
        .collection('sessions')
        .create({ user: userId, externalId: title, title, source: 'claude-code' });
    await addSession('alpha');
    await addSession('beta');
    await server.admin
      .collection('sessions')
      .create({ user: userId, externalId: 'other', title: 'other source', source: 'opencode' });
    browser = await launchBrowser(name);
    const { port: sitePort } = site.address() as { port: number };
    const query = new URLSearchParams({ pb: server.url, email, password: PASSWORD });
    const page = await (await browser.newGroup()).newTab(`http://127.0.0.1:${sitePort}/?${query}`);
    const titles = () => page.texts('#sessions li');
    const showing = async (list: string[]) => {
      await page.waitForText('#sessions', list.join(''), 20_000);
      expect(await titles()).toEqual(list);
    };

    await showing(['alpha', 'beta']);
    await page.waitForSelector('#sync[data-status="live"]', 20_000);
    await addSession('gamma'); // realtime: no reload
    await showing(['alpha', 'beta', 'gamma']);

    await server.stop(); // the data dir stays for the restart
    await page.reload(); // a cold start: the signed-in user from storage, no request before rendering
    await showing(['alpha', 'beta', 'gamma']);
    await page.waitForSelector('#sync[data-status="offline"]', 20_000);

    server = await startPocketBase({ dataDir, port });
    await addSession('delta');
    await showing(['alpha', 'beta', 'delta', 'gamma']);
  },
  120_000,
);
