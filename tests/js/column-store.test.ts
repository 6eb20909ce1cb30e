// One-off aggregations run on the engine's column store (the wasm build: SIMD128 filter kernels).
// Each result is compared with a straightforward JavaScript computation over the same rows, and
// each filter's rows with the rows the SQL query path returns; then again after random creates,
// updates that move rows between groups, and deletes (the columns are kept current, not rebuilt).
import { openReplica, type Replica } from '../../js/index.js';
import { generateOpenSync, opensyncSchema } from '../../js/opensync/index.js';

type Row = Record<string, unknown>;
const NOW = Date.UTC(2026, 10, 1, 12);

const text = (v: unknown) => (typeof v === 'string' ? v : '');
const ms = (v: unknown) => (text(v) ? Date.parse(text(v).replace(' ', 'T')) : NaN);
const day = (v: unknown, offsetMinutes: number) =>
  Number.isNaN(ms(v)) ? '' : new Date(ms(v) + offsetMinutes * 60_000).toISOString().slice(0, 10);
const provider = (model: string) => {
  const m = model.toLowerCase();
  if (!m) return 'other';
  if (m.includes('claude')) return 'anthropic';
  if (m.includes('gpt')) return 'openai';
  return 'other';
};
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

// Groups rows by key, then computes [count, sum of promptTokens, max durationMs, distinct sessions].
function reduce(rows: Row[], key: (r: Row) => string) {
  const groups = new Map<
    string,
    { n: number; tokens: number; longest: number | null; sessions: Set<string> }
  >();
  for (const r of rows) {
    const k = key(r);
    const g = groups.get(k) ?? { n: 0, tokens: 0, longest: null, sessions: new Set() };
    g.n++;
    g.tokens += Number(r.promptTokens ?? 0);
    if (typeof r.durationMs === 'number') g.longest = Math.max(g.longest ?? -Infinity, r.durationMs);
    if (text(r.session)) g.sessions.add(text(r.session));
    groups.set(k, g);
  }
  return groups;
}

const measures = [
  { name: 'n', op: 'count' as const },
  { name: 'tokens', op: 'sum' as const, field: 'promptTokens' },
  { name: 'longest', op: 'max' as const, field: 'durationMs' },
  { name: 'sessions', op: 'countDistinct' as const, field: 'session' },
];
const dimensions: Array<[string, object, (r: Row) => string]> = [
  [
    'day (UTC-5)',
    { name: 'k', field: 'created', bucket: 'day', offsetMinutes: -300 },
    (r) => day(r.created, -300),
  ],
  ['model', { name: 'k', field: 'model', empty: 'unknown' }, (r) => text(r.model) || 'unknown'],
  ['role', { name: 'k', field: 'role' }, (r) => text(r.role)],
];

const filters = [
  'role = "assistant"',
  'role != "assistant" && promptTokens > 500',
  'model = "" || durationMs >= 2000',
  'created >= "2026-10-20 00:00:00.000Z" && created < "2026-10-25 12:00:00.000Z"',
  '(model ~ "claude" || model ~ "gpt") && promptTokens <= 300',
  'session.title ~ "a"',
];

async function expectSameAsJavaScript(replica: Replica, where: string) {
  const rows = (await replica.collection('messages').getFullList()) as Row[];
  for (const [name, dimension, key] of dimensions) {
    const result = await replica.aggregate<Row>('messages', { groupBy: [dimension as never], measures });
    const expected = reduce(rows, key);
    expect({ where, name, groups: result.groups }).toEqual({ where, name, groups: expected.size });
    for (const row of result.rows) {
      const g = expected.get(String(row.k))!;
      expect({ where, name, key: row.k, n: row.n, longest: row.longest, sessions: row.sessions }).toEqual({
        where,
        name,
        key: row.k,
        n: g.n,
        longest: g.longest,
        sessions: g.sessions.size,
      });
      expect(close(Number(row.tokens), g.tokens)).toBe(true);
    }
  }
  // OpenSync's provider: the session's own, else inferred from the model name.
  const sessions = (await replica.collection('sessions').getFullList()) as Row[];
  const providers = await replica.aggregate<Row>('sessions', {
    groupBy: [
      {
        name: 'k',
        field: 'provider',
        infer: {
          from: 'model',
          otherwise: 'other',
          rules: [
            { contains: ['claude'], value: 'anthropic' },
            { contains: ['gpt'], value: 'openai' },
          ],
        },
      },
    ],
    measures: [{ name: 'n', op: 'count' }],
  });
  const expectedProviders = reduce(sessions, (r) => text(r.provider) || provider(text(r.model)));
  expect(Object.fromEntries(providers.rows.map((r) => [r.k, r.n]))).toEqual(
    Object.fromEntries([...expectedProviders].map(([k, g]) => [k, g.n])),
  );
  for (const filter of filters) {
    const result = await replica.aggregate<Row>('messages', {
      groupBy: ['id'],
      measures: [{ name: 'n', op: 'count' }],
      filter,
    });
    const viaSql = (await replica.collection('messages').getFullList({ filter, fields: 'id' })) as Row[];
    expect({ where, filter, ids: result.rows.map((r) => r.id).sort() }).toEqual({
      where,
      filter,
      ids: viaSql.map((r) => r.id).sort(),
    });
  }
}

test('one-off aggregations on the column store equal JavaScript over the same rows, through writes', async () => {
  const data = generateOpenSync({ users: 1, sessionsPerUser: 60, messagesPerSession: 8, seed: 4, now: NOW });
  const [a, b, c] = data.messages;
  Object.assign(a!, { model: '', created: '2026-10-31 04:59:59.999Z' }); // still the 30th at UTC-5
  Object.assign(b!, { model: 'Ünïcödé ✓ 日本', created: '2026-10-31 05:00:00.000Z' });
  Object.assign(c!, { model: 'GPT-4o' });
  const replica = await openReplica({
    url: 'http://columns.test',
    userId: String(data.users[0]!.id),
    schema: opensyncSchema,
  });
  try {
    await replica.collection('users').upsert(JSON.stringify(data.users));
    await replica.collection('sessions').upsert(JSON.stringify(data.sessions));
    await replica.collection('messages').upsert(JSON.stringify(data.messages));
    await expectSameAsJavaScript(replica, 'loaded');
    const stats = await replica.columnStats();
    expect(stats.map((s) => [s.collection, s.rows])).toEqual([
      ['messages', data.messages.length],
      ['sessions', data.sessions.length],
    ]);
    expect(stats[0]!.fields).toEqual(expect.arrayContaining(['created', 'model', 'promptTokens', 'role']));
    // Dates and numbers are held as doubles, text as dictionary codes.
    expect(stats[0]!.kinds).toMatchObject({
      created: 'date',
      model: 'text',
      promptTokens: 'number',
      role: 'text',
    });

    let seed = 7;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const models = ['', 'claude-3-5-sonnet', 'gpt-4o', 'llama-3'];
    const messages = replica.collection('messages');
    for (const session of data.sessions.slice(0, 10))
      await replica
        .collection('sessions')
        .update(String(session.id), { provider: '', model: models[random(4)] });
    for (let step = 0; step < 40; step++) {
      const target = data.messages[random(data.messages.length)]!;
      const kind = random(3);
      if (kind === 0)
        await messages.delete(String(target.id)).catch(() => undefined); // maybe gone already
      else if (kind === 1)
        await messages
          .update(String(target.id), {
            model: models[random(4)],
            promptTokens: random(2000),
            created: new Date(NOW - random(20) * 86_400_000).toISOString().replace('T', ' '),
          })
          .catch(() => undefined);
      else
        await messages.create({
          session: target.session,
          externalId: `random-write-${step}`,
          role: random(2) ? 'user' : 'assistant',
          model: models[random(4)],
          promptTokens: random(900),
          durationMs: random(5000),
        });
    }
    await expectSameAsJavaScript(replica, 'after 40 random writes');
    // Bad specs and filters say what is wrong; the store answers the next call.
    await expect(
      replica.aggregate('messages', { measures: [{ name: 'x', op: 'sum', field: 'nope' }] }),
    ).rejects.toThrow(/'nope' is not a field of 'messages'/);
    await expect(
      replica.aggregate('messages', { measures: [{ name: 'n', op: 'count' }], filter: 'role = ' }),
    ).rejects.toThrow(/filter/i);
    expect(
      (await replica.aggregate('messages', { measures: [{ name: 'n', op: 'count' }] })).rows,
    ).toHaveLength(1);
  } finally {
    await replica.close();
  }
});
