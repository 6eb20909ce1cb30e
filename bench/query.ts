// getList with a filter, a sort and a page over 10k sessions, whole records and a narrow page
// (`fields`): the replica, next to the same request to a real PocketBase on loopback through the
// SDK, and next to @sqlite.org/sqlite-wasm running the equivalent SQL through statements prepared
// once, over the same indexes (rows shaped into records the same way). Contenders interleaved,
// repeated; each run is the p50 of 30 calls.
// Run: npx tsx bench/query.ts [sessions]
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import PocketBase from 'pocketbase';

import { openReplica } from '../js/index.js';
import { generateOpenSync, opensyncSchema } from '../js/opensync/index.js';
import { loadDataset, startPocketBase } from '../scripts/lib/pocketbase.js';
import { compare, p50 } from './table.js';

const sessions = Number(process.argv[2] ?? 10_000);
const data = generateOpenSync({ users: 1, sessionsPerUser: sessions, messagesPerSession: 1, seed: 5 });
data.messages = [];
data.parts = [];
const FILTER = 'source = "claude-code" && totalTokens > 5000';
const SORT = '-updated';
const PAGE = 3;
const PER_PAGE = 50;
/** A list screen's columns: what an app asks for when it shows a table of sessions. */
const NARROW = ['id', 'title', 'updated', 'totalTokens'];
const RUNS = 30;

const server = await startPocketBase();
try {
  process.stdout.write(`loading ${sessions} sessions into PocketBase…\n`);
  await loadDataset(server, data, { password: 'password-1234' });
  const pb = new PocketBase(server.url);
  pb.autoCancellation(false);
  await pb.collection('users').authWithPassword(data.users[0]!.email as string, 'password-1234');
  const replica = await openReplica({ url: server.url, userId: data.users[0]!.id, schema: opensyncSchema });
  await replica
    .collection('sessions')
    .upsert(JSON.stringify(await pb.collection('sessions').getFullList({ batch: 1000 })));
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
  db.exec('ANALYZE');

  // The page and its count through statements prepared once, values bound; rows shaped into
  // records as PocketBase returns them (booleans, JSON fields parsed).
  const where = `source = ? AND totalTokens > ?`;
  const sqlitePage = (columns: string[] | null) => {
    const list = columns ? columns.map((c) => `"${c}"`).join(', ') : '*';
    const page = db.prepare(
      `SELECT ${list} FROM sessions WHERE ${where} ORDER BY updated DESC, id LIMIT ? OFFSET ?`,
    );
    const count = db.prepare(`SELECT count(*) FROM sessions WHERE ${where}`);
    const shaped = fields.filter(
      (f) => (!columns || columns.includes(f.name)) && (f.type === 'bool' || f.type === 'json'),
    );
    return () => {
      page.bind(['claude-code', 5000, PER_PAGE, (PAGE - 1) * PER_PAGE]);
      const records: Array<Record<string, unknown>> = [];
      while (page.step()) {
        const record = page.get({}) as Record<string, unknown>;
        if (!columns) Object.assign(record, { collectionId: sessionsSchema.id, collectionName: 'sessions' });
        for (const f of shaped)
          record[f.name] = f.type === 'bool' ? record[f.name] === 1 : JSON.parse(record[f.name] as string);
        records.push(record);
      }
      page.reset();
      count.bind(['claude-code', 5000]).step();
      const total = count.get(0);
      count.reset();
      return { records, total };
    };
  };

  console.log(
    `\ngetList(${PAGE}, ${PER_PAGE}, { filter: '${FILTER}', sort: '${SORT}' }) over ${sessions} sessions (${check.totalItems} match)`,
  );
  for (const [label, columns] of [
    ['whole records', null],
    [`fields: '${NARROW.join(',')}'`, NARROW],
  ] as const) {
    const options = { filter: FILTER, sort: SORT, ...(columns ? { fields: columns.join(',') } : {}) };
    const baseline = sqlitePage(columns ? [...columns] : null);
    await compare(
      `getList, ${label} (each run: p50 of ${RUNS} calls; ratio = times faster than PocketBase)`,
      [
        {
          name: 'PocketBase on loopback via the SDK',
          technique: 'list rule user = @request.auth.id, indexes of our migrations, `fields` on the server',
          run: () => p50(RUNS, () => pb.collection('sessions').getList(PAGE, PER_PAGE, options), 0),
        },
        {
          name: '@sqlite.org/sqlite-wasm, prepared',
          technique: 'the same table and indexes, page + count statements prepared once, columns in SQL',
          run: () => p50(RUNS, baseline, 0),
        },
        {
          name: 'pocketlite replica getList',
          technique: 'compiled filter, same indexes, picked keys serialized in the engine',
          run: () => p50(RUNS, () => replica.collection('sessions').getList(PAGE, PER_PAGE, options), 0),
        },
      ],
      { rounds: 5, warmups: 3, unit: 'ms', higherIsBetter: false },
    );
  }
  db.close();
  await replica.close();
} finally {
  await server.stop();
}
