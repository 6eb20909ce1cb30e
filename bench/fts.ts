// Full-text search over ~200k generated messages: the replica's search (FTS5, BM25, snippets)
// next to @sqlite.org/sqlite-wasm running the same FTS5 query from JS, in one run.
// Run: npx tsx bench/fts.ts [sessions]
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';

import { openReplica } from '../js/index.js';
import { generateOpenSync, opensyncSchema } from '../js/opensync/index.js';
import { p50, printTable } from './table.js';

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
db.exec(`CREATE TABLE messages (id TEXT PRIMARY KEY, session TEXT, role TEXT, textContent TEXT, model TEXT);
  CREATE VIRTUAL TABLE messages_fts USING fts5(textContent, content='messages', content_rowid='rowid',
    tokenize='unicode61 remove_diacritics 2', prefix='2 3');`);
const insert = db.prepare('INSERT INTO messages VALUES (?, ?, ?, ?, ?)');
db.exec('BEGIN');
for (const m of data.messages) {
  insert
    .bind([m.id, m.session as string, m.role as string, m.textContent as string, m.model as string])
    .step();
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

console.log(`\nFull-text search over ${data.messages.length} messages, top 10 with snippets, p50 of 50 runs`);
for (const { name, query } of queries) {
  const ours = await p50(50, () => replica.collection('messages').search(query, { limit: 10 }));
  const theirs = await p50(50, () => baseline(query));
  printTable(
    name,
    'p50 ms',
    [
      { name: '@sqlite.org/sqlite-wasm, same FTS5 query from JS', value: theirs },
      {
        name: 'pocketlite replica search',
        value: ours,
        note: 'targets: selective ≤ 2 ms, common top-10 ≤ 50 ms',
      },
    ],
    false,
  );
}
search.finalize();
db.close();
await replica.close();
