// Bad input gets a clear PocketliteError (a code, a status, the place of the problem), never a
// bare TypeError or RangeError, never SQL text, never an aborted wasm instance; and the replica
// keeps answering afterwards with nothing lost.
import { isPocketliteError, openReplica, type Replica } from '../../js/index.js';
import { opensyncSchema } from '../../js/opensync/index.js';

let replica: Replica;
let userId: string;

beforeAll(async () => {
  userId = 'u00000000000001';
  replica = await openReplica({ url: 'http://bad-input.test', userId, schema: opensyncSchema });
  await replica.defineSearch('sessions', ['title']);
  await replica.collection('sessions').create({ user: userId, externalId: 'kept', title: 'alpha beta' });
});
afterAll(() => replica.close());

/** The error `run` rejects with, checked to be a PocketliteError that leaks no SQL. */
async function refusal(
  run: () => Promise<unknown>,
): Promise<{ status: number; code: string; message: string }> {
  let caught: unknown = null;
  try {
    await run();
  } catch (error) {
    caught = error;
  }
  expect(isPocketliteError(caught)).toBe(true);
  const error = caught as { status: number; code: string; message: string };
  expect(error.message).not.toMatch(/\b(SELECT|INSERT|UPDATE|DELETE)\b.*\b(FROM|INTO|SET|WHERE)\b/);
  return error;
}

/** The replica still holds and finds what it held before. */
async function stillAnswers(): Promise<void> {
  expect(await replica.collection('sessions').count('externalId = "kept"')).toBe(1);
  expect((await replica.collection('sessions').search('alpha')).items).toHaveLength(1);
}

test.each([
  ['a NUL between words', 'alpha\u0000beta'],
  ['a NUL inside a phrase', '"alpha\u0000beta"'],
  ['other control characters', 'alpha\u0001\u001fbeta'],
])('a search with %s matches the words around it and leaks nothing', async (_what, query) => {
  const result = await replica.collection('sessions').search(query);
  expect(result.items.map((i) => i.record.externalId)).toEqual(['kept']);
  await stillAnswers();
});

test.each([
  ['curly quotes', 'title = “abc”', '“'],
  ['an accented field name', 'títle = "x"', 'í'],
  ['an emoji', 'title = 🙂', '🙂'],
  ['a CJK character', '标题 = "x"', '标'],
])(
  'a filter with %s outside quotes is a 400 naming the whole character',
  async (_what, filter, character) => {
    const error = await refusal(() => replica.collection('sessions').getList(1, 10, { filter }));
    expect(error.status).toBe(400);
    expect(error.message).toContain(`'${character}'`);
    await stillAnswers();
  },
);

test('JSON nested past what JSON.stringify can hold is a 400 naming the argument', async () => {
  let deep: unknown = 1;
  for (let i = 0; i < 20_000; i++) deep = [deep];
  const created = await refusal(() =>
    replica.collection('sessions').create({ user: userId, externalId: 'deep', evalTags: deep }),
  );
  expect(created).toMatchObject({ status: 400, code: 'invalid_argument' });
  expect(created.message).toContain('the record');
  const first = await replica.collection('sessions').getFirstListItem('externalId = "kept"');
  const updated = await refusal(() => replica.collection('sessions').update(first.id, { evalTags: deep }));
  expect(updated).toMatchObject({ status: 400, code: 'invalid_argument' });
  expect(updated.message).toContain('the changes');
  await stillAnswers();
});

test('JSON nested deeper than the engine reads is a 400 with the byte position', async () => {
  const nested = '['.repeat(5000) + ']'.repeat(5000);
  const record = `{"id":"deep00000000001","user":"${userId}","externalId":"d","evalTags":${nested}}`;
  const error = await refusal(() => replica.collection('sessions').upsert(record));
  expect(error).toMatchObject({ status: 400, code: 'invalid_json' });
  expect(error.message).toMatch(/at byte \d+/);
  await stillAnswers();
});

test('a BigInt or NaN page is a 400 naming the argument', async () => {
  const sessions = replica.collection('sessions');
  const big = await refusal(() => sessions.getList(10n as unknown as number, 5));
  expect(big).toMatchObject({ status: 400, code: 'invalid_argument' });
  expect(big.message).toContain('page');
  const nan = await refusal(() => sessions.getList(1, Number.NaN));
  expect(nan.message).toContain('perPage');
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  const cycle = await refusal(() => sessions.create({ user: userId, externalId: 'c', evalTags: cyclic }));
  expect(cycle).toMatchObject({ status: 400, code: 'invalid_argument' });
  await stillAnswers();
});
