// The heavy-user benchmark's cold open, run in a child process of bench/heavy-user.ts so nothing
// is warm: the engine compiled, the replica opened from its files, then each first answer timed
// in the order an app asks for them; then opened again with the filtered page's local index declared.
// Prints one JSON object (ms, bytes).
// Run by bench/heavy-user.ts: npx tsx bench/heavy-cold-open.ts <replica dir> <server url> <user id>
import { openReplica } from '../js/index.js';
import { opensyncSchema, opensyncSearch, opensyncUserStats, opensyncVectors } from '../js/opensync/index.js';
import { NodeFsStore } from '../js/storage/node-fs.js';
import { p50 } from './table.js';
import { COMMON_TERM, PAGE_INDEX, PAGE_QUERY } from './heavy-queries.js';

const [dir, url, userId] = process.argv.slice(2) as [string, string, string];
const timed = async <T>(work: () => Promise<T>): Promise<[number, T]> => {
  const start = performance.now();
  const value = await work();
  return [performance.now() - start, value];
};

const open = (indexes?: typeof PAGE_INDEX) =>
  openReplica({
    url,
    userId,
    schema: opensyncSchema,
    search: opensyncSearch,
    vectors: { sessionEmbeddings: opensyncVectors.sessionEmbeddings },
    indexes,
    storage: new NodeFsStore(dir),
  });
const [openMs, replica] = await timed(() => open());
const sessions = replica.collection('sessions');
const [firstListMs, first] = await timed(() => sessions.getList(1, 50, { sort: '-updated' }));
const [dashboardMs, stats] = await timed(() => opensyncUserStats(replica));
const query = Float32Array.from({ length: 1536 }, (_, i) => Math.sin(i * 0.37));
const [vectorMs, nearest] = await timed(() =>
  replica.collection('sessionEmbeddings').vectorSearch(query, { k: 10 }),
);
const [ftsFirstMs, found] = await timed(() =>
  replica.collection('messages').search(COMMON_TERM, { limit: 10 }),
);
const ftsMs = await p50(30, () => replica.collection('messages').search(COMMON_TERM, { limit: 10 }), 0);
const { page, perPage, filter, sort } = PAGE_QUERY;
const pageP50 = (r: typeof replica) =>
  p50(30, () => r.collection('sessions').getList(page, perPage, { filter, sort }), 3);
const pageMs = await pageP50(replica);
const engine = replica.syncAccess().engine;
global.gc?.();
const memory = process.memoryUsage();
const wasmBytes = engine.memoryBytes();
await replica.close();
// The same page once the app declares a local index for it: opened again, the index built once.
const [indexOpenMs, indexed] = await timed(() => open(PAGE_INDEX));
const indexedPageMs = await pageP50(indexed);
await indexed.close();
console.log(
  JSON.stringify({
    openMs,
    firstListMs,
    firstListItems: first.items.length,
    dashboardMs,
    totalSessions: stats.totalSessions,
    vectorMs,
    vectorHits: nearest.items.length,
    ftsFirstMs,
    ftsMs,
    ftsHits: found.items.length,
    pageMs,
    indexOpenMs,
    indexedPageMs,
    wasmBytes,
    heapBytes: memory.heapUsed,
    rssBytes: memory.rss,
  }),
);
