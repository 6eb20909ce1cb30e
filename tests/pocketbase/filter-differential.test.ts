// The same filters, sorts and pages against a real PocketBase and against the replica filled
// from it: the same ids in the same order, the same totals, and errors where the server errors.
import PocketBase, { ClientResponseError } from 'pocketbase';

import { filter, openReplica, type Replica } from '../../js/index.js';
import { generateOpenSync, opensyncSchema } from '../../js/opensync/index.js';
import { loadDataset, startPocketBase, type PocketBaseServer } from '../../scripts/lib/pocketbase.js';
import { copyFromServer } from '../support/sync-harness.js';

const password = 'password-1234';
const data = generateOpenSync({ users: 2, sessionsPerUser: 40, messagesPerSession: 4, seed: 21 });
// Edge cases the generator does not make: quotes, backslashes, % and _, unicode, empty values.
const user0 = data.users[0]!.id;
Object.assign(data.sessions[0]!, {
  title: 'It\'s "quoted" \\ back',
  projectName: '100% done_ok',
  provider: '',
});
Object.assign(data.sessions[1]!, { title: 'Ünïcödé ✓ 日本', model: 'GPT-4o', evalTags: ['gold', 'good'] });
Object.assign(data.sessions[2]!, { title: '', summary: '', evalTags: [] });
// Backslashes and LIKE wildcards next to each other, and a round token count.
Object.assign(data.sessions[3]!, { title: 'C:\\dev path', totalTokens: 5 });
Object.assign(data.sessions[4]!, { title: 'a\\%b', summary: 'a%b', totalTokens: 50 });

let server: PocketBaseServer;
let pb: PocketBase;
let replica: Replica;

beforeAll(async () => {
  server = await startPocketBase();
  await loadDataset(server, data, { password });
  pb = new PocketBase(server.url);
  pb.autoCancellation(false);
  await pb.collection('users').authWithPassword(data.users[0]!.email as string, password);
  replica = await openReplica({ url: server.url, userId: user0, schema: opensyncSchema });
  await copyFromServer(pb, replica, ['users', 'sessions', 'messages']);
}, 120_000);

afterAll(async () => {
  await replica?.close();
  await server?.stop();
});

const someSession = () => data.sessions.find((s) => s.user === user0 && s.title)!;
const sessionFilters = (): string[] => {
  const s = someSession();
  const out = [
    '',
    'id = "' + s.id + '"',
    `id != "${s.id}"`,
    'isPublic = true',
    'isPublic = false',
    'isPublic != true',
    'evalReady = true && isPublic = false',
    'provider = ""',
    'provider = null',
    'provider != ""',
    'provider != null',
    '"" = provider',
    'title = ""',
    'title != ""',
    'summary = ""',
    'reviewedAt = ""',
    'reviewedAt != ""',
    'evalTags ~ "gold"',
    'evalTags !~ "gold"',
    'evalTags = null',
    'evalTags != null',
    'title ~ "quoted"',
    "title ~ 'It\\'s'",
    'title ~ "\\\\"',
    'projectName ~ "100%"',
    'projectName ~ "%done"',
    'projectName ~ "done_ok"',
    'projectName ~ "_"',
    'title ~ "ünïcödé"',
    'title ~ "Ünïcödé"',
    'title ~ "日本"',
    'model ~ "gpt"',
    'model ~ "GPT"',
    'model:lower = "gpt-4o"',
    'model = "GPT-4o"',
    'model = "gpt-4o"',
    '(source = "opencode" || source = "") && totalTokens > 10000',
    'source = "opencode" || source = "" && totalTokens > 10000',
    'source = "claude-code" && (model ~ "claude" || model ~ "gpt")',
    '((source = "claude-code"))',
    'totalTokens > 20000 // a comment\n && cost < 0.5',
    `created >= "${String(s.created)}"`,
    `created < "${String(s.created)}"`,
    'updated <= @now',
    'created > @yesterday',
    'created < @todayStart',
    'created <= @yearEnd',
    'messageCount >= @month',
    'durationMs > 60000',
    'durationMs = 0',
    'cost = 0',
    'cost != 0',
    'totalTokens = promptTokens',
    'totalTokens > promptTokens',
    'projectName = projectPath',
    'projectName != title',
    'title ~ projectName',
    'user = "' + user0 + '"',
    'user != "' + user0 + '"',
    'user.email = "user0@example.com"',
    'user.name = "user0"',
    'user.id = "' + user0 + '"',
    '(isPublic = true || evalReady = true) && source != "opencode"',
    // Keywords in any case; escapes the server keeps; its LIKE escaping; numbers as it prints them.
    'isPublic = TRUE',
    'isPublic = False',
    'provider = NULL',
    'provider != Null',
    'title = "C:\\dev path"',
    'title ~ "C:\\dev"',
    'title ~ "a\\%b"',
    'title ~ "a\\\\%b"',
    'title ~ "a\\\\\\%b"',
    'summary ~ "a\\%b"',
    'summary ~ "a%b"',
    'title ~ "\\_"',
    'projectName ~ "100\\%"',
    'totalTokens ~ 5.0',
    'totalTokens ~ 50.00',
    'totalTokens !~ 5.0',
    filter('title = {:t}', { t: 'It\'s "quoted" \\ back' }),
    filter('title = {:t}', { t: 'Ünïcödé ✓ 日本' }),
    filter('projectName ~ {:p}', { p: '100%' }),
    filter('cost > {:c} && isPublic = {:b}', { c: 0.01, b: false }),
    filter('created > {:d}', { d: new Date(Date.UTC(2026, 8, 1)) }),
  ];
  // Every comparison operator against every kind of field, and values from the data.
  const textValues = ['""', '"opencode"', '"claude"', '"%-code"', '"Café Ünicode"'];
  for (const field of ['source', 'projectName', 'model', 'provider']) {
    for (const op of ['=', '!=', '~', '!~']) for (const v of textValues) out.push(`${field} ${op} ${v}`);
  }
  for (const field of ['totalTokens', 'cost', 'durationMs', 'messageCount', 'promptTokens']) {
    for (const op of ['=', '!=', '>', '>=', '<', '<='])
      for (const v of ['0', '5000', '0.05', '-1']) out.push(`${field} ${op} ${v}`);
  }
  return out;
};

const messageFilters = (): string[] => {
  const s = someSession();
  return [
    'role = "assistant"',
    'role != "user"',
    'role = ""',
    'role ?= "system"',
    `session = "${s.id}"`,
    `session.id = "${s.id}"`,
    'session.source = "opencode"',
    'session.source = ""',
    'session.isPublic = false',
    `session.user = "${user0}"`,
    `session.user.email = "user0@example.com"`,
    'session.totalTokens > 20000 && role = "assistant"',
    'textContent ~ "cache"',
    'textContent !~ "the"',
    'model:lower ~ "GPT"',
    'model = "" && role = "user"',
    'promptTokens > completionTokens',
    'durationMs >= 1000 || promptTokens = 0',
  ];
};

// Filters both sides must refuse.
const invalidFilters = [
  'title = ',
  'nope = 1',
  '(title = "a"',
  'title = "a")',
  'title === "a"',
  '&& title = "a"',
  '   ',
  '// only a comment',
  'totalTokens > 1\r\n && totalTokens < 100000',
];

async function compare(collection: string, expression: string): Promise<void> {
  const remote = await pb.collection(collection).getList(1, 500, { filter: expression, sort: 'id' });
  const local = await replica.collection(collection).getList(1, 500, { filter: expression, sort: 'id' });
  expect([expression, local.items.map((r) => r.id)]).toEqual([expression, remote.items.map((r) => r.id)]);
  expect([expression, local.totalItems]).toEqual([expression, remote.totalItems]);
}

test('at least 150 filters give the same records as the server', async () => {
  const sessions = sessionFilters();
  const messages = messageFilters();
  expect(sessions.length + messages.length).toBeGreaterThanOrEqual(150);
  for (const f of sessions) await compare('sessions', f);
  for (const f of messages) await compare('messages', f);
}, 120_000);

test('sorts and pages match the server', async () => {
  for (const sort of [
    '-totalTokens,id',
    'source,-cost,id',
    'created,id',
    '-updated,title,id',
    'isPublic,model,id',
  ]) {
    for (const [page, perPage] of [
      [1, 7],
      [2, 7],
      [3, 10],
      [9, 5],
    ] as const) {
      const options = { sort, filter: 'totalTokens > 1000' };
      const remote = await pb.collection('sessions').getList(page, perPage, options);
      const local = await replica.collection('sessions').getList(page, perPage, options);
      expect([sort, page, local.items.map((r) => r.id)]).toEqual([sort, page, remote.items.map((r) => r.id)]);
      expect({ ...local, items: [] }).toEqual({ ...remote, items: [] });
    }
  }
});

test('filters the server refuses are refused locally, with a position', async () => {
  for (const expression of invalidFilters) {
    const remote = await pb
      .collection('sessions')
      .getList(1, 1, { filter: expression })
      .catch((e: ClientResponseError) => e);
    expect([expression, (remote as ClientResponseError).status]).toEqual([expression, 400]);
    const local = await replica
      .collection('sessions')
      .getList(1, 1, { filter: expression })
      .catch((e: unknown) => e);
    expect([expression, local]).toMatchObject([expression, { status: 400, code: 'invalid_filter' }]);
  }
  // A user's filter may not name @request or @collection, not even inside quoted text (403).
  for (const expression of ['title = "@request.auth.id"', 'title ~ "@collection.users.id"']) {
    const remote = await pb
      .collection('sessions')
      .getList(1, 1, { filter: expression })
      .catch((e) => e);
    const local = await replica
      .collection('sessions')
      .getList(1, 1, { filter: expression })
      .catch((e) => e);
    expect([
      expression,
      (remote as ClientResponseError).status,
      (local as { status: number }).status,
    ]).toEqual([expression, 403, 403]);
  }
  // Empty sort segments and a ninth sort field are refused on both sides.
  for (const sort of ['-totalTokens,', 'id,,title', 'a,b,c,d,e,f,g,h,i']) {
    const remote = await pb
      .collection('sessions')
      .getList(1, 1, { sort })
      .catch((e) => e);
    const local = await replica
      .collection('sessions')
      .getList(1, 1, { sort })
      .catch((e) => e);
    expect([sort, (remote as ClientResponseError).status, (local as { code: string }).code]).toEqual([
      sort,
      400,
      'invalid_sort',
    ]);
  }
  await expect(
    replica
      .collection('sessions')
      .getList(1, 1, { sort: 'id,title,created,updated,model,source,cost,totalTokens,durationMs' }),
  ).rejects.toThrow('at most 8 sort fields');
  await expect(replica.collection('sessions').getList(1, 1, { filter: 'title = "a")' })).rejects.toThrow(
    "unexpected ')' at 11",
  );
});

test('expand gives the same records as the server, nested and for missing relations', async () => {
  for (const [collection, expand] of [
    ['sessions', 'user'],
    ['messages', 'session'],
    ['messages', 'session.user'],
    ['messages', 'session,session.user'],
  ] as const) {
    const options = { sort: 'id', expand, filter: 'created != ""' };
    const remote = await pb.collection(collection).getList(1, 40, options);
    const local = await replica.collection(collection).getList(1, 40, options);
    expect([collection, expand, local.items]).toEqual([collection, expand, remote.items]);
  }
  const one = await replica
    .collection('messages')
    .getOne((await pb.collection('messages').getList(1, 1)).items[0]!.id, {
      expand: 'session.user',
    });
  expect((one.expand as { session: { expand: { user: { id: string } } } }).session.expand.user.id).toBe(
    user0,
  );
});
