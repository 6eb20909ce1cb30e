// Durable one-record write transactions on OPFS, timed inside a worker: pocketlite's engine on its
// OPFS pool store next to @sqlite.org/sqlite-wasm on its opfs-sahpool VFS, as configured by
// default (rollback journal) and at its best (WAL with exclusive locking, as ours runs, and the
// insert prepared once). synchronous = FULL for all.
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';

import { openReplica } from '../../js/replica.js';
import { OpfsPoolStore } from '../../js/storage/opfs-pool.js';
import { notesSchema } from './notes.js';

async function timeEach(count: number, write: (i: number) => unknown): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await write(i);
    times.push(performance.now() - start);
  }
  return times;
}

async function ours(count: number): Promise<number[]> {
  const store = await OpfsPoolStore.create(['bench-writes', String(Date.now())]);
  const replica = await openReplica({
    url: 'http://bench.invalid',
    userId: 'w',
    storage: store,
    schema: notesSchema,
  });
  const notes = replica.collection('notes');
  const times = await timeEach(count, (i) => notes.create({ title: `note ${i}`, n: i }));
  await replica.close();
  store.release();
  return times;
}

async function sqliteWasm(count: number, best: boolean): Promise<number[]> {
  const sqlite3 = await sqlite3InitModule();
  const pool = await sqlite3.installOpfsSAHPoolVfs({ name: `bench-sahpool-${Date.now()}` });
  const db = new pool.OpfsSAHPoolDb('/bench.db');
  db.exec(
    best
      ? 'PRAGMA locking_mode = EXCLUSIVE; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;'
      : 'PRAGMA journal_mode = TRUNCATE; PRAGMA synchronous = FULL;',
  );
  db.exec('CREATE TABLE notes (id TEXT PRIMARY KEY, title TEXT, n INTEGER)');
  const insert = db.prepare('INSERT INTO notes VALUES (?, ?, ?)');
  const times = await timeEach(count, (i) =>
    best
      ? insert.bind([`id${i}`, `note ${i}`, i]).stepReset()
      : db.exec({ sql: 'INSERT INTO notes VALUES (?, ?, ?)', bind: [`id${i}`, `note ${i}`, i] }),
  );
  insert.finalize();
  db.close();
  await pool.removeVfs();
  return times;
}

self.onmessage = async (event: MessageEvent<{ count: number }>) => {
  const { count } = event.data;
  // Alternate the two, twice, so neither always runs on a cold or warm file system.
  const result = { ours: [] as number[], sqlite: [] as number[], sqliteBest: [] as number[] };
  for (let round = 0; round < 2; round++) {
    result.ours.push(...(await ours(count)));
    result.sqlite.push(...(await sqliteWasm(count, false)));
    result.sqliteBest.push(...(await sqliteWasm(count, true)));
  }
  self.postMessage(result);
};
