// Bulk ingest of generated sessions + messages: the replica (pages cross the boundary once as
// JSON and are inserted in C++) against @sqlite.org/sqlite-wasm inserting the same rows through
// prepared statements from JS, with the same tables and indexes, in one run.
// Run: npx tsx bench/ingest.ts [sessions]
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';

import { openReplica, type FieldDefinition } from '../js/index.js';
import { generateOpenSync, opensyncSchema } from '../js/opensync/index.js';
import { compare } from './table.js';

const sessions = Number(process.argv[2] ?? 10_000);
const PAGE = 1000;
const data = generateOpenSync({ users: 1, sessionsPerUser: sessions, messagesPerSession: 15, seed: 11 });
const collections = ['sessions', 'messages'] as const;
// What a pull receives: pages of JSON text.
const pages = collections.flatMap((name) => {
  const out: Array<{ name: string; json: string; rows: number }> = [];
  for (let i = 0; i < data[name].length; i += PAGE) {
    const items = data[name].slice(i, i + PAGE);
    out.push({ name, json: JSON.stringify(items), rows: items.length });
  }
  return out;
});
const totalRows = pages.reduce((n, p) => n + p.rows, 0);

async function ingestReplica(): Promise<number> {
  const replica = await openReplica({ url: 'http://bench', userId: 'bench', schema: opensyncSchema });
  const start = performance.now();
  for (const page of pages) {
    const result = await replica.collection(page.name).upsert(page.json);
    if (result.failed.length) throw new Error(result.failed[0]!.error.message);
  }
  const seconds = (performance.now() - start) / 1000;
  await replica.close();
  return totalRows / seconds;
}

// The same column types the engine uses (wasm/db/field_codec.cpp), so both store the same rows.
const columnType = (f: FieldDefinition): string =>
  ({
    number: 'NUMERIC NOT NULL DEFAULT 0',
    bool: 'BOOLEAN NOT NULL DEFAULT FALSE',
    json: 'JSON DEFAULT NULL',
  })[f.type] ?? ((f.maxSelect ?? 1) > 1 ? "JSON NOT NULL DEFAULT '[]'" : "TEXT NOT NULL DEFAULT ''");

async function ingestSqliteWasm(): Promise<number> {
  const sqlite3 = await sqlite3InitModule();
  const db = new sqlite3.oo1.DB(':memory:');
  const statements = new Map<string, { stmt: ReturnType<typeof db.prepare>; fields: FieldDefinition[] }>();
  for (const name of collections) {
    const c = opensyncSchema.find((x) => x.name === name)!;
    const fields = c.fields.filter((f) => f.name !== 'id');
    db.exec(
      `CREATE TABLE "${name}" ("id" TEXT PRIMARY KEY NOT NULL, ${fields.map((f) => `"${f.name}" ${columnType(f)}`).join(', ')})`,
    );
    for (const index of c.indexes ?? []) db.exec(index.replace('UNIQUE ', ''));
    const columns = ['id', ...fields.map((f) => f.name)];
    const sql = `INSERT INTO "${name}" (${columns.map((c) => `"${c}"`).join(',')}) VALUES (${columns.map(() => '?').join(',')}) ON CONFLICT("id") DO UPDATE SET ${fields.map((f) => `"${f.name}"=excluded."${f.name}"`).join(',')}`;
    statements.set(name, { stmt: db.prepare(sql), fields });
  }
  const start = performance.now();
  for (const page of pages) {
    const { stmt, fields } = statements.get(page.name)!;
    const items = JSON.parse(page.json) as Array<Record<string, unknown>>;
    db.exec('BEGIN');
    for (const item of items) {
      stmt.bind(1, item.id as string);
      fields.forEach((f, i) => {
        const v = item[f.name];
        stmt.bind(
          i + 2,
          typeof v === 'object' && v !== null
            ? JSON.stringify(v)
            : typeof v === 'boolean'
              ? Number(v)
              : (v as string | number),
        );
      });
      stmt.step();
      stmt.reset(true);
    }
    db.exec('COMMIT');
  }
  const seconds = (performance.now() - start) / 1000;
  for (const { stmt } of statements.values()) stmt.finalize();
  db.close();
  return totalRows / seconds;
}

await compare(
  `Bulk ingest: ${data.sessions.length} sessions + ${data.messages.length} messages (${totalRows} rows, pages of ${PAGE})`,
  [
    {
      name: '@sqlite.org/sqlite-wasm, prepared stmts',
      technique: 'JSON.parse per page, bind per field, one transaction per page, same tables and indexes',
      run: ingestSqliteWasm,
    },
    {
      name: 'pocketlite replica (JSON page → C++)',
      technique: 'page bytes scanned once in C++, prepared upsert, one transaction per page (target ≥ 3×)',
      run: ingestReplica,
    },
  ],
  { rounds: Number(process.env.ROUNDS ?? 3), unit: 'rows/s', higherIsBetter: true },
);
