import { openReplica } from '../../js/index.js';
import { generateOpenSync, opensyncSchema, opensyncSearch, SIZES } from '../../js/opensync/index.js';
import { NodeFsStore } from '../../js/storage/node-fs.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const data = generateOpenSync({ ...SIZES.small, seed: 8 });

test('full-text search over OpenSync messages: ranked, filtered, highlighted, paged', async () => {
  const replica = await openReplica({
    url: 'http://search.test',
    schema: opensyncSchema,
    search: opensyncSearch,
  });
  await replica.collection('sessions').upsert(data.sessions);
  await replica.collection('messages').upsert(data.messages);
  const messages = replica.collection('messages');
  const expected = data.messages.filter((m) => /\bcache\b/i.test(String(m.textContent)));
  const first = await messages.search('cache', { limit: 10, total: true });
  expect(first.total).toBe(expected.length);
  expect(first.items).toHaveLength(Math.min(10, expected.length));
  expect(first.items[0]!.highlights.textContent).toContain('<mark>cache</mark>');
  expect(first.items.map((i) => i.score)).toEqual([...first.items.map((i) => i.score)].sort((a, b) => b - a));
  // Every page through the cursor: all matches, each once.
  const seen = new Set<string>();
  for (let cursor: string | null = null; ;) {
    const page = await messages.search('cache', { limit: 25, cursor });
    page.items.forEach((i) => seen.add(i.record.id));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  expect([...seen].sort()).toEqual(expected.map((m) => m.id).sort());
  // Combined with a PocketBase filter.
  const assistant = await messages.search('cache', { filter: 'role = "assistant"', limit: 200 });
  expect(assistant.items.every((i) => i.record.role === 'assistant')).toBe(true);
  expect(assistant.items).toHaveLength(expected.filter((m) => m.role === 'assistant').length);
  await replica.close();
});

test('defining the same index again at the next start does not rebuild it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pocketlite-search-'));
  const open = () =>
    openReplica({
      url: 'http://search.test',
      storage: new NodeFsStore(dir),
      schema: opensyncSchema,
      search: opensyncSearch,
    });
  const first = await open();
  await first.collection('sessions').upsert(data.sessions);
  await first.close();
  const start = performance.now();
  const second = await open();
  expect(performance.now() - start).toBeLessThan(2000);
  expect((await second.collection('sessions').search('refactor', { total: true })).total).toBe(
    data.sessions.filter((s) => /refactor/i.test(`${s.title} ${s.searchableText}`)).length,
  );
  await second.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a question matches any of its words: stop words dropped, records with every word first (checked against a scan)', async () => {
  const replica = await openReplica({
    url: 'http://search-any.test',
    schema: opensyncSchema,
    search: opensyncSearch,
  });
  await replica.collection('messages').upsert(data.messages);
  const messages = replica.collection('messages');
  const has = (word: string) => (m: (typeof data.messages)[number]) =>
    new RegExp(`\\b${word}\\b`, 'i').test(String(m.textContent));
  const question = 'How do I fix the cache in this migration?';
  expect((await messages.search(question, { limit: 200 })).items).toEqual([]); // every word: nothing
  const found = await messages.search(question, { match: 'any', limit: 200, total: true });
  const either = data.messages.filter((m) => has('cache')(m) || has('migration')(m) || has('fix')(m));
  const every = either.filter((m) => has('cache')(m) && has('migration')(m) && has('fix')(m));
  expect(found.total).toBe(either.length);
  const ids = found.items.map((item) => item.record.id);
  expect(new Set(ids.slice(0, every.length))).toEqual(new Set(every.map((m) => m.id)));
  expect(ids.length).toBe(Math.min(200, either.length));
  await replica.close();
});

test('stemming is declared per index: "extract" finds "extracting"', async () => {
  const replica = await openReplica({
    url: 'http://search-stem.test',
    schema: opensyncSchema,
    search: { sessions: { fields: ['title'], stemming: true } },
  });
  await replica
    .collection('sessions')
    .upsert([
      { id: 's00000000000001', user: 'u00000000000001', externalId: 'x', title: 'Extracting archives' },
    ]);
  const sessions = replica.collection('sessions');
  expect((await sessions.search('extract archive')).items.map((i) => i.record.title)).toEqual([
    'Extracting archives',
  ]);
  await replica.defineSearch('sessions', ['title']); // without stemming: words as written
  expect((await sessions.search('extract')).items).toEqual([]);
  await expect(sessions.search('*')).rejects.toMatchObject({ status: 400, code: 'empty_search' });
  await replica.close();
});
