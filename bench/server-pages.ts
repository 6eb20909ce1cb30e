// The server's side of a heavy user's initial sync: the time of each keyset page of messages
// (perPage 1000, sort updated,id, the user's list rule `session.user = @request.auth.id`) along
// the whole pull, on a server with the project's hooks and on one that also has the optional
// pocketbase/optional/optimize.pb.js (ANALYZE at boot, PRAGMA optimize nightly). Without statistics SQLite starts
// from the user's sessions, reads every message of them and sorts them all for each page; with
// them it walks the (updated, id) index and stops at the page.
// Run: npx tsx bench/server-pages.ts [sessions=2000] [messagesPerSession=50]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import PocketBase from 'pocketbase';

import { generateOpenSync } from '../js/opensync/generator.js';
import { loadDataset, startPocketBase, type PocketBaseServer } from '../scripts/lib/pocketbase.js';
import { keysetPull, printPageTimes } from './keyset.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sessions = Number(process.argv[2] ?? 2000);
const perSession = Number(process.argv[3] ?? 50);
const password = 'password-1234';
const data = generateOpenSync({
  users: 1,
  sessionsPerUser: sessions,
  messagesPerSession: perSession,
  seed: 5,
});
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pocketlite-server-pages-'));
const optimizer = fs.readFileSync(path.join(repoRoot, 'pocketbase/optional/optimize.pb.js'), 'utf8');

/** Times every page of the user's messages; returns ms per page. */
async function pageTimes(server: PocketBaseServer): Promise<number[]> {
  const pb = new PocketBase(server.url);
  pb.autoCancellation(false);
  await pb.collection('users').authWithPassword(data.users[0]!.email as string, password);
  const times: number[] = [];
  await keysetPull(pb, 'messages', (ms) => times.push(ms));
  return times;
}

let server = await startPocketBase({ dataDir });
try {
  process.stdout.write(`loading ${data.messages.length.toLocaleString('en-US')} messages ... `);
  const start = performance.now();
  await loadDataset(server, data, {
    password,
    batchSize: 500,
    collections: ['users', 'sessions', 'messages'],
  });
  console.log(`${((performance.now() - start) / 1000).toFixed(0)} s`);
  const stock = await pageTimes(server);
  await server.stop();
  server = await startPocketBase({ dataDir, extraHooks: { 'optimize.pb.js': optimizer } });
  const optimized = await pageTimes(server);
  printPageTimes(`Page time (ms) of the messages pull, ${stock.length} pages of 1000, one user`, [
    ['project hooks (no statistics)', stock],
    ['with optional/optimize.pb.js', optimized],
  ]);
} finally {
  await server.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
