// OpenSync's dashboard statistics from engine rollups, compared with a straightforward JavaScript
// implementation written here, on generated data of several sizes (and the empty replica), with
// empty fields, unicode project names, sessions at day boundaries and a non-UTC offset; then kept
// current through writes, and live: a watcher hears only about changes.
import { openReplica, type Replica } from '../../js/index.js';
import {
  generateOpenSync,
  opensyncAnalytics,
  opensyncEvalStats,
  opensyncSchema,
  opensyncStorageStats,
  opensyncUserStats,
  type OpenSyncDataset,
} from '../../js/opensync/index.js';
import {
  byCodePoint,
  groupBy,
  ms,
  num,
  reference,
  sum,
  text,
  type Session,
} from '../support/opensync-stats-reference.js';

const NOW = Date.UTC(2026, 10, 1, 12);

// Sums of floats differ in the last bits by summation order: compare numbers to 9 digits.
function rounded(value: unknown): unknown {
  if (typeof value === 'number') return Number(value.toPrecision(9));
  if (Array.isArray(value)) return value.map(rounded);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]));
  return value;
}

async function replicaWith(data: OpenSyncDataset): Promise<Replica> {
  // The first user's replica: the tests' local writes are that user's (the rules allow them).
  const replica = await openReplica({
    url: 'http://analytics.test',
    userId: data.users[0]!.id,
    schema: opensyncSchema,
  });
  await replica.collection('users').upsert(JSON.stringify(data.users));
  await replica.collection('sessions').upsert(JSON.stringify(data.sessions));
  await replica.collection('messages').upsert(JSON.stringify(data.messages));
  return replica;
}

function edgeCases(data: OpenSyncDataset): OpenSyncDataset {
  const [a, b, c, d] = data.sessions;
  if (!d) return data;
  Object.assign(a!, { projectName: 'Ünïcödé ✓ 日本', model: '', provider: '', source: '' });
  Object.assign(b!, { created: '2026-10-31 23:59:59.999Z', model: 'Mixtral-8x7B', provider: '' });
  Object.assign(c!, { created: '2026-11-01 00:00:00.000Z', projectName: '', projectPath: '' });
  Object.assign(d!, { created: '2026-10-31 22:30:00.000Z', model: 'deepseek-coder' });
  return data;
}

test.each([
  ['empty', { users: 1, sessionsPerUser: 0, messagesPerSession: 0 }],
  ['tiny', { users: 2, sessionsPerUser: 6, messagesPerSession: 4 }],
  ['small', { users: 2, sessionsPerUser: 150, messagesPerSession: 5 }],
])(
  'every statistic equals the JavaScript reference (%s)',
  async (_, size) => {
    const data = edgeCases(generateOpenSync({ ...size, seed: 4, now: NOW }));
    const replica = await replicaWith(data);
    for (const [days, offsetMinutes] of [
      [30, 0],
      [7, 120],
      [90, -300],
    ] as const) {
      const ours = await opensyncAnalytics(replica, { days, offsetMinutes, now: NOW });
      expect(rounded(ours)).toEqual(rounded(reference(data, days, offsetMinutes, NOW)));
    }
    await replica.close();
  },
  60_000,
);

test('windowed: every statistic covers the last days only, equal to the reference over them', async () => {
  const data = edgeCases(
    generateOpenSync({ users: 1, sessionsPerUser: 150, messagesPerSession: 3, seed: 9, now: NOW }),
  );
  const replica = await replicaWith(data);
  for (const [days, offsetMinutes] of [
    [1, 0],
    [7, 60],
    [30, -300],
  ] as const) {
    // The window starts at 00:00 of the first day in the dashboard's time zone.
    const local = new Date(NOW + offsetMinutes * 60_000);
    const start =
      Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - days + 1) -
      offsetMinutes * 60_000;
    const recent = (r: Record<string, unknown>) => ms(r.created) >= start;
    const inWindow = {
      ...data,
      sessions: data.sessions.filter(recent),
      messages: data.messages.filter(recent),
    };
    expect(inWindow.sessions.length).toBeLessThan(data.sessions.length); // the window leaves some out
    const ours = await opensyncAnalytics(replica, { days, offsetMinutes, now: NOW, windowed: true });
    expect(rounded(ours)).toEqual(rounded(reference(inWindow, days, offsetMinutes, NOW)));
  }
  await replica.close();
});

test('rollups follow writes, and a live rollup is told only about changes', async () => {
  const data = generateOpenSync({ users: 1, sessionsPerUser: 40, messagesPerSession: 2, seed: 8, now: NOW });
  const replica = await replicaWith(data);
  await opensyncAnalytics(replica, { now: NOW }); // registers the rollups
  const heard: unknown[] = [];
  const stop = replica.watchRollup('sessions', 'opensync::0:models', (r) => heard.push(r));
  const sessions = replica.collection('sessions');
  const first = data.sessions[0]!;
  await sessions.update(String(first.id), { model: 'gpt-5-new', totalTokens: 12345 }); // moves it
  first.model = 'gpt-5-new';
  first.totalTokens = 12345;
  await sessions.update(String(first.id), { title: 'not a model change' }); // same result
  await sessions.delete(String(data.sessions[1]!.id));
  data.sessions.splice(1, 1);
  data.messages = data.messages.filter((m) => data.sessions.some((s) => s.id === m.session));
  expect(heard).toHaveLength(3); // now, the move, the delete: not the title edit
  stop();
  const ours = await opensyncAnalytics(replica, { now: NOW });
  const expected = reference(data, 30, 0, NOW);
  expect(rounded(ours.modelStats)).toEqual(rounded(expected.modelStats));
  expect(rounded(ours.summaryStats)).toEqual(rounded(expected.summaryStats));
  await replica.close();
});

test('user, eval and storage statistics equal the JavaScript reference', async () => {
  const data = edgeCases(
    generateOpenSync({ users: 1, sessionsPerUser: 80, messagesPerSession: 3, seed: 12, now: NOW }),
  );
  const replica = await replicaWith(data);
  const sessions = data.sessions as Session[];

  const user = await opensyncUserStats(replica);
  expect(rounded(user)).toEqual(
    rounded({
      totalSessions: sessions.length,
      totalMessages: data.messages.length,
      totalTokens: sum(sessions, 'totalTokens'),
      totalCost: sum(sessions, 'cost'),
      firstSessionAt: Math.min(...sessions.map((s) => ms(s.created))),
      lastActiveAt: Math.max(...sessions.map((s) => ms(s.updated))),
    }),
  );

  const ready = sessions.filter((s) => s.evalReady === true);
  expect(ready.length).toBeGreaterThan(0);
  const tags = ready.flatMap((s) => (Array.isArray(s.evalTags) ? (s.evalTags as string[]) : []));
  const evals = await opensyncEvalStats(replica);
  expect(evals).toMatchObject({
    total: ready.length,
    reviewed: ready.filter((s) => text(s.reviewedAt)).length,
    allTags: [...new Set(tags)].sort(),
  });
  expect(evals.bySource).toEqual(
    [...groupBy(ready, (s) => text(s.source) || 'opencode')]
      .map(([source, rows]) => ({ source, sessions: rows.length }))
      .sort((a, b) => b.sessions - a.sessions || byCodePoint(a.source, b.source)),
  );
  expect(evals.tagCounts.reduce((t, c) => t + c.sessions, 0)).toBe(tags.length);

  const storage = await opensyncStorageStats(replica, { minMessages: 3 });
  expect(storage).toMatchObject({
    fewMessages: sessions.filter((s) => num(s.messageCount) < 3).length,
    untitled: sessions.filter((s) => !text(s.title)).length,
    zeroCost: sessions.filter((s) => num(s.cost) === 0).length,
  });
  const bySize = Object.fromEntries(storage.collections.map((c) => [c.name, c]));
  expect(bySize.sessions!.rows).toBe(sessions.length);
  expect(bySize.messages!.rows).toBe(data.messages.length);
  // Bytes: at least the UTF-8 size of every message's text and id.
  const text8 = data.messages.reduce((t, m) => t + Buffer.byteLength(text(m.textContent)) + 15, 0);
  expect(bySize.messages!.bytes).toBeGreaterThanOrEqual(text8);
  await replica.close();
});
