// The typed query builder: field names and value types are checked by the compiler (each
// expected-error line below fails `tsc -p tsconfig.test.json` if a wrong call type-checks), and
// at run time each query gives the same records as the filter text it stands for and as a plain
// JavaScript computation over the data.
import fs from 'node:fs';

import { generateTypes, openReplica, Query, type RecordModel, type Replica } from '../../js/index.js';
import {
  generateOpenSync,
  opensyncSchema,
  type Collections,
  type SessionsRecord,
} from '../../js/opensync/index.js';
import { opensyncTypesSource } from '../../js/opensync/types-source.js';
import { notesCollection, note } from '../support/schema-fixtures.js';

const data = generateOpenSync({ users: 1, sessionsPerUser: 120, messagesPerSession: 1, seed: 5 });
const userId = data.users[0]!.id as string;
let replica: Replica<Collections>;

/** What `pocketlite codegen` writes for notesCollection (checked below). */
interface NotesRecord extends RecordModel {
  collectionName: 'notes';
  id: string;
  title: string;
  n: number;
  done: boolean;
  tags: Array<'a' | 'b' | 'c'>;
  meta: unknown;
  updated: string;
}

beforeAll(async () => {
  replica = await openReplica<Collections>({
    url: 'http://query-builder.test',
    userId,
    schema: [...opensyncSchema, notesCollection],
  });
  await replica.collection('users').upsert(JSON.stringify(data.users));
  await replica.collection('sessions').upsert(JSON.stringify(data.sessions));
  await replica.collection('notes').upsert(JSON.stringify(Array.from({ length: 9 }, (_, i) => note(i + 1))));
});
afterAll(() => replica.close());

const sessions = () => data.sessions as unknown as SessionsRecord[];

test('where/sort/getList give the records a JavaScript filter gives, in order', async () => {
  const q = replica
    .collection('sessions')
    .query()
    .where('totalTokens', '>', 1_000)
    .where('source', '=', 'claude-code')
    .sort('-totalTokens');
  const expected = sessions()
    .filter((s) => s.totalTokens > 1_000 && s.source === 'claude-code')
    .sort((a, b) => b.totalTokens - a.totalTokens || a.id.localeCompare(b.id));
  expect(expected.length).toBeGreaterThan(3);
  const page = await q.getList(1, 3);
  expect(page.items.map((s) => s.id)).toEqual(expected.slice(0, 3).map((s) => s.id));
  expect(page.totalItems).toBe(expected.length);
  expect(await q.count()).toBe(expected.length);
  expect((await q.getFullList()).map((s) => s.id)).toEqual(expected.map((s) => s.id));
  expect((await q.getFirstListItem()).id).toBe(expected[0]!.id);
  // The same filter text works on the server too: it is what pb.filter() would build.
  expect(q.toFilter()).toBe('(totalTokens > 1000) && (source = "claude-code")');
});

test('or() groups branches; values are quoted, never spliced', async () => {
  const hostile = 'x" || id != "';
  const q = replica
    .collection('sessions')
    .query()
    .or(
      (b) => b.where('model', '~', 'claude').where('isPublic', '=', true),
      (b) => b.where('title', '=', hostile),
    );
  const expected = sessions().filter((s) => s.model.toLowerCase().includes('claude') && s.isPublic);
  expect(expected.length).toBeGreaterThan(0);
  expect((await q.getFullList()).map((s) => s.id).sort()).toEqual(expected.map((s) => s.id).sort());
  expect(q.toFilter()).toBe('((model ~ "claude") && (isPublic = true)) || (title = "x\\" || id != \\"")');
  expect(() => Query.on<SessionsRecord>().where('title = "" || id' as 'title', '=', 'x')).toThrow(
    'invalid field name \'title = "" || id\'',
  );
  expect(() => Query.on<SessionsRecord>().sort('title,id' as 'title')).toThrow('invalid field name');
});

test('list fields: every value, any value, length', async () => {
  const notes = replica.collection<NotesRecord>('notes');
  const any = await notes.query().whereEach('tags', '=', 'a', 'any').getFullList();
  expect(any.map((r) => r.n)).toEqual([3, 6, 9]); // note(i) has tags ['a','c'] when i % 3 == 0
  expect(await notes.query().whereEach('tags', '=', 'a').count()).toBe(0); // not every value is 'a'
  expect(await notes.query().whereLength('tags', '=', 0).count()).toBe(6);
  expect(generateTypes([notesCollection])).toContain("tags: Array<'a' | 'b' | 'c'>;");
});

test('js/opensync/types.ts is the codegen output for the OpenSync schema', () => {
  expect(fs.readFileSync('js/opensync/types.ts', 'utf8')).toBe(opensyncTypesSource(opensyncSchema));
});

test('expand and fields pass through to the list read', async () => {
  const {
    items: [first],
  } = await replica
    .collection('sessions')
    .query()
    .where('user', '=', userId)
    .sort('created')
    .expand('user')
    .fields('id', 'title:excerpt(5,true)', 'expand.user.name')
    .getList(1, 1);
  expect(Object.keys(first!).sort()).toEqual(['expand', 'id', 'title']);
  expect((first!.expand as { user: { name: string } }).user).toEqual({ name: data.users[0]!.name });
});

test('wrong names and value types do not compile', () => {
  const q = Query.on<SessionsRecord>();
  // @ts-expect-error: no such field
  q.where('totalTokenz', '>', 0);
  // @ts-expect-error: a number field takes numbers
  q.where('totalTokens', '>', 'many');
  // @ts-expect-error: no ~ on numbers
  q.where('totalTokens', '~', 5);
  // @ts-expect-error: booleans compare with = and !=
  q.where('isPublic', '>', true);
  // @ts-expect-error: unknown sort key
  q.sort('-nope');
  // @ts-expect-error: :each needs a list field
  Query.on<NotesRecord>().whereEach('title', '=', 'x');
  expect(q.where('title', '=', new Date(Date.UTC(2026, 0, 1))).toFilter()).toBe(
    'title = "2026-01-01 00:00:00.000Z"',
  );
  // A typed replica types its collections without naming the record type.
  const typed: Promise<SessionsRecord> = replica.collection('sessions').getOne('x');
  typed.catch(() => undefined);
});
