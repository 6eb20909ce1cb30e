// getList with a filter, a sort and a page over 10k sessions: the replica, next to the same
// request to a real PocketBase on loopback through the SDK, and next to @sqlite.org/sqlite-wasm
// running the equivalent hand-written SQL from JS (rows shaped into records the same way).
// Run: npx tsx bench/query.ts [sessions]
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import PocketBase from 'pocketbase';

import { openReplica } from '../js/index.js';
import { generateOpenSync, opensyncSchema } from '../js/opensync/index.js';
import { loadDataset, startPocketBase } from '../scripts/lib/pocketbase.js';
import { printTable } from './table.js';

const sessions = Number(process.argv[2] ?? 10_000);
const data = generateOpenSync({ users: 1, sessionsPerUser: sessions, messagesPerSession: 1, seed: 5 });
data.messages = [];
data.parts = [];
const FILTER = 'source = "claude-code" && totalTokens > 5000';
const SORT = '-updated';
const PAGE = 3;
const PER_PAGE = 50;

async function timeIt(runs: number, fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 5; i++) await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(runs / 2)]!, p95: times[Math.floor(runs * 0.95)]! };
}

const server = await startPocketBase();
try {
  process.stdout.write(`loading ${sessions} sessions into PocketBase…\n`);
  await loadDataset(server, data, { password: 'password-1234' });
  const pb = new PocketBase(server.url);
  pb.autoCancellation(false);
  await pb.collection('users').authWithPassword(data.users[0]!.email as string, 'password-1234');
  const remote = await timeIt(40, () =>
    pb.collection('sessions').getList(PAGE, PER_PAGE, { filter: FILTER, sort: SORT }),
  );

  const replica = await openReplica({ url: server.url, userId: data.users[0]!.id, schema: opensyncSchema });
  await replica
    .collection('sessions')
    .upsert(JSON.stringify(await pb.collection('sessions').getFullList({ batch: 1000 })));
  const local = await timeIt(300, () =>
    replica.collection('sessions').getList(PAGE, PER_PAGE, { filter: FILTER, sort: SORT }),
  );
  const check = await replica.collection('sessions').getList(PAGE, PER_PAGE, { filter: FILTER, sort: SORT });

  const sqlite3 = await sqlite3InitModule();
  const db = new sqlite3.oo1.DB(':memory:');
  const sessionsSchema = opensyncSchema.find((c) => c.name === 'sessions')!;
  const fields = sessionsSchema.fields.filter((f) => f.name !== 'id');
  db.exec(`CREATE TABLE sessions ("id" TEXT PRIMARY KEY, ${fields.map((f) => `"${f.name}"`).join(', ')})`);
  for (const index of sessionsSchema.indexes ?? []) db.exec(index.replace('UNIQUE ', ''));
  const insert = db.prepare(`INSERT INTO sessions VALUES (${['id', ...fields].map(() => '?').join(',')})`);
  db.exec('BEGIN');
  for (const s of await replica.collection('sessions').getFullList()) {
    const value = (v: unknown) =>
      typeof v === 'object' && v !== null ? JSON.stringify(v) : typeof v === 'boolean' ? Number(v) : v;
    insert.bind([s.id, ...fields.map((f) => value(s[f.name]))] as Array<string | number | null>);
    insert.step();
    insert.reset(true);
  }
  db.exec('COMMIT');
  insert.finalize();
  const where = `source = 'claude-code' AND totalTokens > 5000`;
  const baseline = await timeIt(300, async () => {
    const items = db.selectObjects(
      `SELECT * FROM sessions WHERE ${where} ORDER BY updated DESC, id LIMIT ${PER_PAGE} OFFSET ${(PAGE - 1) * PER_PAGE}`,
    );
    const records = items.map((item) => {
      const record: Record<string, unknown> = {
        ...item,
        collectionId: sessionsSchema.id,
        collectionName: 'sessions',
      };
      for (const f of fields) {
        if (f.type === 'bool') record[f.name] = item[f.name] === 1;
        else if (f.type === 'json') record[f.name] = JSON.parse(item[f.name] as string);
      }
      return record;
    });
    const total = db.selectValue(`SELECT count(*) FROM sessions WHERE ${where}`);
    return { records, total };
  });
  db.close();

  console.log(
    `\ngetList(${PAGE}, ${PER_PAGE}, { filter: '${FILTER}', sort: '${SORT}' }) over ${sessions} sessions (${check.totalItems} match)`,
  );
  printTable(
    'p50 latency (lower is better; ratio = how many times faster than the first row)',
    'p50 ms',
    [
      {
        name: 'PocketBase on loopback via the SDK',
        value: remote.p50,
        note: `p95 ${remote.p95.toFixed(2)} ms`,
      },
      {
        name: '@sqlite.org/sqlite-wasm, hand-written SQL',
        value: baseline.p50,
        note: `p95 ${baseline.p95.toFixed(2)} ms`,
      },
      {
        name: 'pocketlite replica getList',
        value: local.p50,
        note: `p95 ${local.p95.toFixed(2)} ms; targets ≥ 20× PocketBase, ≤ 1.3× sqlite-wasm`,
      },
    ],
    false,
  );
  await replica.close();
} finally {
  await server.stop();
}
