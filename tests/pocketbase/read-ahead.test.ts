// The pull's read-ahead against a real PocketBase: while the replica applies one collection, a
// later collection's pages are fetched as far as the shared limit allows, so an initial sync costs
// the longest collection's server time, not their sum; under a full limit each feed still holds
// its first pages, and a feed takes the next page only when its apply makes room.
import { openReplica, type Replica } from '../../js/index.js';
import { generateOpenSync, opensyncSchema } from '../../js/opensync/index.js';
import type { SyncRuntime } from '../../js/sync/context.js';
import { PageFeed } from '../../js/sync/pull.js';
import { ReadAhead } from '../../js/sync/read-ahead.js';
import { loadDataset, startPocketBase, type PocketBaseServer } from '../../scripts/lib/pocketbase.js';
import { PASSWORD, signIn, waitFor } from '../support/sync-harness.js';

const data = generateOpenSync({ users: 1, sessionsPerUser: 30, messagesPerSession: 3, seed: 5 });
const PER_PAGE = 5;
const MESSAGE_PAGES = Math.ceil(data.messages.length / PER_PAGE);
let server: PocketBaseServer;
let replica: Replica;
let rt: SyncRuntime;
const requests = new Map<string, number>(); // list requests per collection
const realFetch = globalThis.fetch;

beforeAll(async () => {
  server = await startPocketBase();
  await loadDataset(server, data, { password: PASSWORD, collections: ['users', 'sessions', 'messages'] });
  const user = data.users[0]!;
  const pb = await signIn(server.url, user.email as string);
  replica = await openReplica({ url: server.url, userId: user.id as string, schema: opensyncSchema });
  rt = {
    pb,
    token: () => pb.authStore.token,
    engine: replica.syncAccess().engine,
    perPage: PER_PAGE,
    timeoutMs: 10_000,
  } as unknown as SyncRuntime; // what a feed uses of the runtime
  globalThis.fetch = (input, init) => {
    const collection = /\/api\/collections\/(\w+)\/records/.exec(String(input))?.[1];
    if (collection) requests.set(collection, (requests.get(collection) ?? 0) + 1);
    return realFetch(input, init);
  };
});
beforeEach(() => requests.clear());
afterAll(async () => {
  globalThis.fetch = realFetch;
  await replica?.close();
  server?.stop();
});

/** Every record id of the feed's pages, read to the end. */
async function drain(feed: PageFeed): Promise<string[]> {
  const ids: string[] = [];
  for (let text = await feed.next(); text !== null; text = await feed.next())
    ids.push(...(JSON.parse(text) as { items: Array<{ id: string }> }).items.map((r) => r.id));
  return ids;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

test('a later collection is fetched to its end while an earlier one waits for its apply', async () => {
  const readAhead = new ReadAhead(1e9);
  const sessions = new PageFeed(rt, 'sessions', 0, readAhead);
  const messages = new PageFeed(rt, 'messages', 0, readAhead);
  // Nothing is applied yet: the messages' feed still requests every page (the last one is short).
  await waitFor('every messages page requested', () => (requests.get('messages') ?? 0) >= MESSAGE_PAGES);
  expect(await drain(sessions)).toHaveLength(data.sessions.length);
  const ids = await drain(messages);
  expect(new Set(ids)).toEqual(new Set(data.messages.map((m) => m.id)));
  expect(readAhead.heldChars).toBe(0); // every page applied gave its room back
});

test('under a full limit a feed holds its first pages and fetches one more per page applied', async () => {
  const readAhead = new ReadAhead(1); // full after any page
  const messages = new PageFeed(rt, 'messages', 0, readAhead);
  await waitFor('two pages requested', () => requests.get('messages') === 2);
  await settle();
  expect(requests.get('messages')).toBe(2);
  expect(await messages.next()).not.toBeNull();
  await waitFor('a third page requested', () => requests.get('messages') === 3);
  await settle();
  expect(requests.get('messages')).toBe(3);
  messages.stop();
  expect(readAhead.heldChars).toBe(0); // what a stopped feed held is free for the others
});
