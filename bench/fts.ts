// Full-text search over ~200k generated messages: the replica's search (FTS5, BM25, snippets)
// next to @sqlite.org/sqlite-wasm running the same FTS5 query from JS on the same table (every
// column of OpenSync's messages, as ours holds), the statement prepared once; interleaved rounds.
// Run: npx tsx bench/fts.ts [sessions]
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';

import { openReplica } from '../js/index.js';
import { generateOpenSync, opensyncSchema } from '../js/opensync/index.js';
import { compare, p50 } from './table.js';

const sessions = Number(process.argv[2] ?? 10_000);
const data = generateOpenSync({ users: 1, sessionsPerUser: sessions, messagesPerSession: 15, seed: 13 });
// A rare word in 25 messages makes the selective query.
for (let i = 0; i < 25; i++) data.messages[i * 997]!.textContent += ' zanzibar';
const queries = [
  { name: 'selective ("zanzibar", 25 matches)', query: 'zanzibar' },
  { name: 'common ("the", top 10 of nearly all)', query: 'the' },
  { name: 'phrase ("query plan")', query: '"query plan"' },
  { name: 'prefix ("dead*")', query: 'dead*' },
];

const replica = await openReplica({ url: 'http://bench', userId: 'bench', schema: opensyncSchema });
await replica.defineSearch('messages', ['textContent']);
for (let i = 0; i < data.messages.length; i += 1000)
  await replica.collection('messages').upsert(data.messages.slice(i, i + 1000));

const sqlite3 = await sqlite3InitModule();
const db = new sqlite3.oo1.DB(':memory:');
// The columns of OpenSync's messages collection, as the replica's table has them.
const columns = opensyncSchema
  .find((c) => c.name === 'messages')!
  .fields.map((f) => f.name)
  .filter((name) => name !== 'id');
db.exec(`CREATE TABLE messages (id TEXT PRIMARY KEY, ${columns.map((c) => `"${c}"`).join(', ')});
  CREATE VIRTUAL TABLE messages_fts USING fts5(textContent, content='messages', content_rowid='rowid',
    tokenize='unicode61 remove_diacritics 2', prefix='2 3');`);
const insert = db.prepare(`INSERT INTO messages VALUES (?${', ?'.repeat(columns.length)})`);
db.exec('BEGIN');
for (const m of data.messages) {
  const row = m as Record<string, unknown>;
  insert.bind([m.id, ...columns.map((c) => (row[c] ?? null) as string | number | null)]).step();
  insert.reset(true);
}
db.exec("INSERT INTO messages_fts (messages_fts) VALUES ('rebuild'); COMMIT");
insert.finalize();
const search = db.prepare(`SELECT m.*, bm25(messages_fts) AS score,
    snippet(messages_fts, 0, '<mark>', '</mark>', '…', 16) AS snippet
  FROM messages_fts JOIN messages m ON m.rowid = messages_fts.rowid
  WHERE messages_fts MATCH ? ORDER BY score LIMIT 10`);
const baseline = (query: string) => {
  const rows: unknown[] = [];
  search.bind([query.includes('"') || query.endsWith('*') ? query : `"${query}"`]);
  while (search.step()) rows.push(search.get({}));
  search.reset(true);
  return rows;
};

console.log(`\nFull-text search over ${data.messages.length} messages, top 10 with snippets`);
for (const { name, query } of queries)
  await compare(
    name,
    [
      {
        name: 'sqlite-wasm, same table and FTS5',
        technique: 'the same columns, FTS5 and tokenizer; BM25 and snippet; prepared once',
        run: () => p50(30, () => baseline(query), 0),
      },
      {
        name: 'pocketlite replica search',
        technique:
          'FTS5 kept by triggers, BM25, snippet, records as JSON (targets: selective ≤ 2 ms, common ≤ 50 ms)',
        run: () => p50(30, () => replica.collection('messages').search(query, { limit: 10 }), 0),
      },
    ],
    { rounds: 5, warmups: 3, unit: 'ms', higherIsBetter: false },
  );
search.finalize();
db.close();
await replica.close();
