// Field constraints, differential: the same writes go to a real PocketBase and to a replica of
// the same collection, and each side's answer is reduced to its status and the code per field.
// Every constraint PocketBase checks on a write (required per type, text length, number bounds and
// onlyInt, select values and maxSelect, email and url formats and domains, date bounds, json
// size) must give the same answer locally, so a write the server would refuse never waits in the
// outbox to fail. Patterns and relation existence are left to the server (README).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { isPocketliteError, openReplica, type Replica } from '../../js/index.js';
import { startPocketBase, type PocketBaseServer } from '../../scripts/lib/pocketbase.js';

let server: PocketBaseServer;
let replica: Replica;

const FIELDS = [
  { name: 'req', type: 'text', required: true },
  { name: 'short', type: 'text', min: 2, max: 5 },
  { name: 'long', type: 'text' },
  { name: 'n', type: 'number', min: 1, max: 10 },
  { name: 'int', type: 'number', onlyInt: true },
  { name: 'reqn', type: 'number', required: true },
  { name: 'flag', type: 'bool', required: true },
  { name: 'sel', type: 'select', values: ['a', 'b'], maxSelect: 1, required: true },
  { name: 'multi', type: 'select', values: ['a', 'b', 'c'], maxSelect: 2 },
  { name: 'mail', type: 'email', onlyDomains: ['example.com'] },
  { name: 'other', type: 'email', exceptDomains: ['spam.test'] },
  { name: 'link', type: 'url', onlyDomains: ['pocketbase.io'] },
  { name: 'when', type: 'date', min: '2020-01-01 00:00:00.000Z', max: '2030-01-01 00:00:00.000Z' },
  { name: 'doc', type: 'json', maxSize: 20 },
  { name: 'reqdoc', type: 'json' },
  { name: 'rels', type: 'relation', maxSelect: 2 },
  { name: 'code', type: 'text' }, // unique: each write below gets its own
  { name: 'slug', type: 'text', pattern: '^[a-z]+$' },
];

/** A valid record; each case changes it. */
const VALID = { req: 'x', reqn: 1, flag: true, sel: 'a' };

const CASES: Array<[string, Record<string, unknown>]> = [
  ['valid', {}],
  ['required text absent', { req: undefined }],
  ['required text empty', { req: '' }],
  ['required number absent', { reqn: undefined }],
  ['required number zero', { reqn: 0 }],
  ['required bool false', { flag: false }],
  ['required select empty', { sel: '' }],
  ['text too short', { short: 'a' }],
  ['text empty is not too short', { short: '' }],
  ['text too long', { short: 'abcdef' }],
  ['text at the default limit', { long: 'é'.repeat(5000) }],
  ['text over the default limit', { long: 'x'.repeat(5001) }],
  ['pattern not matched', { slug: 'ABC' }],
  ['pattern matched', { slug: 'abc' }],
  ['pattern on a number', { slug: 5 }],
  ['pattern not checked when empty', { slug: '' }],
  ['number below min', { n: 0.5 }],
  ['number above max', { n: 11 }],
  ['number zero is not below min', { n: 0 }],
  ['number not an integer', { int: 1.5 }],
  ['select value not allowed', { sel: 'z' }],
  ['multi select value not allowed', { multi: ['a', 'z'] }],
  ['multi select too many', { multi: ['a', 'b', 'c'] }],
  ['email malformed', { mail: 'nope' }],
  ['email two @', { mail: 'a@b@example.com' }],
  ['email domain not allowed', { mail: 'a@other.com' }],
  ['email domain allowed', { mail: 'a@example.com' }],
  ['email domain excepted', { other: 'a@spam.test' }],
  ['url malformed', { link: 'not a url' }],
  ['url domain not allowed', { link: 'https://example.com/x' }],
  ['url domain allowed', { link: 'https://pocketbase.io/docs' }],
  ['date before min', { when: '2019-01-01 00:00:00.000Z' }],
  ['date after max', { when: '2031-01-01 00:00:00.000Z' }],
  ['date inside', { when: '2025-06-01 12:00:00.000Z' }],
  ['json over maxSize', { doc: { a: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaa' } }],
  ['json within maxSize', { doc: { a: 1 } }],
  ['relations too many', { rels: ['aaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbb', 'ccccccccccccccc'] }],
  ['several problems at once', { req: '', n: 99, mail: 'x' }],
];

beforeAll(async () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'pocketlite-constraints-'));
  server = await startPocketBase({ migrationsDir: empty, hooksDir: empty });
  const targets = await server.admin.collections.create({ name: 'targets', type: 'base', fields: [] });
  await server.admin.collections.create({
    name: 'things',
    type: 'base',
    createRule: '',
    fields: FIELDS.map((f) => (f.type === 'relation' ? { ...f, collectionId: targets.id } : f)),
    indexes: ['CREATE UNIQUE INDEX idx_things_code ON things (code)'],
  });
  replica = await openReplica({
    url: server.url,
    userId: null,
    schema: await server.admin.collections.getFullList(),
  });
});
afterAll(async () => {
  await replica?.close();
  await server?.stop();
});

/** An answer reduced to what both sides must agree on: the status and the code per field. */
type Answer = { status: number; codes: Record<string, string> };
const codes = (data: Record<string, unknown> | undefined) =>
  Object.fromEntries(Object.entries(data ?? {}).map(([field, e]) => [field, (e as { code: string }).code]));

async function onServer(body: Record<string, unknown>): Promise<Answer> {
  try {
    await server.admin.collection('things').create(body);
    return { status: 200, codes: {} };
  } catch (error) {
    const e = error as { status: number; response: { data?: Record<string, unknown> } };
    return { status: e.status, codes: codes(e.response.data) };
  }
}

async function locally(body: Record<string, unknown>): Promise<Answer> {
  try {
    await replica.collection('things').create(body);
    return { status: 200, codes: {} };
  } catch (error) {
    if (!isPocketliteError(error)) throw error;
    return { status: error.status, codes: codes(error.data) };
  }
}

test.each(CASES)('%s: the replica answers as the server', async (name, change) => {
  const body: Record<string, unknown> = { ...VALID, code: `case ${name}`, ...change };
  for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
  const remote = await onServer(body);
  const local = await locally(body);
  expect(local).toEqual(remote);
});

test('the differential is not vacuous: most cases are refused, with a code', async () => {
  const refused = [];
  for (const [name, change] of CASES)
    if ((await onServer({ ...VALID, code: `again ${name}`, ...change })).status === 400) refused.push(change);
  expect(refused.length).toBeGreaterThanOrEqual(20);
});

test('values are cast to the field type as the server casts them, and stored alike', async () => {
  const casts: Array<Record<string, unknown>> = [
    { long: 5 },
    { long: 1.5 },
    { long: true },
    { long: null },
    { n: '5' },
    { n: '1e0' },
    { int: true },
    { int: 'abc' },
    { multi: 'a' },
    { sel: ['b'] },
    { when: '2024-01-01' },
    { when: '2024-01-01 10:20:30' },
    { when: 0 },
    { flag: 'true' },
    { flag: 1 },
  ];
  for (const [i, change] of casts.entries()) {
    const body = { ...VALID, code: `cast ${i}`, ...change };
    const field = Object.keys(change)[0]!;
    const remote = await server.admin.collection('things').create(body);
    const local = await replica.collection('things').create(body);
    expect([field, local[field]]).toEqual([field, remote[field]]);
  }
});

test('a unique index among the rows the replica holds: the duplicate is refused on both sides', async () => {
  const body = { ...VALID, code: 'dup' };
  const first = { server: await onServer(body), local: await locally(body) };
  expect(first).toEqual({ server: { status: 200, codes: {} }, local: { status: 200, codes: {} } });
  expect(await locally(body)).toEqual(await onServer(body));
  expect((await locally(body)).codes).toEqual({ code: 'validation_not_unique' });
});
