/**
 * @jest-environment ./tests/support/jsdom-environment.cjs
 */
// OpenSync's hooks on generated data (the real engine in Node), each compared with the same
// answer computed directly from the generated records in this test.
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';

import { openReplica, type Replica } from '../../js/index.js';
import {
  generateOpenSync,
  inferProvider,
  opensyncSchema,
  opensyncSearch,
  opensyncVectors,
  useAnalytics,
  useBulkOperations,
  useEvals,
  useMessages,
  useSearchSessions,
  useSession,
  useSessions,
  useSimilarSessions,
  useHybridSessionSearch,
  useUser,
  type OpenSyncDataset,
} from '../../js/opensync/index.js';
import { ReplicaProvider } from '../../js/react/index.js';
import { byCodePoint, provider, reference, type Session } from '../support/opensync-stats-reference.js';

const NOW = Date.UTC(2026, 10, 1, 12);
let data: OpenSyncDataset;
let replica: Replica;
const wrapper = ({ children }: { children?: ReactNode }) => (
  <ReplicaProvider replica={replica}>{children}</ReplicaProvider>
);

beforeEach(async () => {
  data = generateOpenSync({
    users: 1,
    sessionsPerUser: 40,
    messagesPerSession: 4,
    seed: 5,
    now: NOW,
    embeddings: true,
  });
  replica = await openReplica({
    url: 'http://opensync-hooks.test',
    userId: data.users[0]!.id,
    schema: opensyncSchema,
    search: opensyncSearch,
    vectors: opensyncVectors,
  });
  for (const name of ['users', 'sessions', 'messages', 'parts', 'sessionEmbeddings'] as const)
    await replica.collection(name).upsert(JSON.stringify(data[name]));
});
afterEach(() => replica.close());

const sessions = () => data.sessions as Session[];
const ids = (rows: Array<Record<string, unknown>>) => rows.map((r) => r.id);
const byField = (field: string, desc: boolean) => (a: Session, b: Session) => {
  const d = (Number(a[field]) - Number(b[field])) * (desc ? -1 : 1);
  return d || byCodePoint(String(a.id), String(b.id));
};

test('inferProvider agrees with the rule on every generated session', () => {
  for (const s of sessions())
    expect(inferProvider(s.model as string, s.provider as string)).toBe(provider(s));
});

test('useSessions: filters, sort and pages equal filtering the records directly', async () => {
  const cases = [
    { sortBy: 'cost', sortOrder: 'asc', limit: 7, page: 2 },
    { source: 'opencode', sortBy: 'totalTokens', sortOrder: 'desc', limit: 50 },
    { provider: 'anthropic', sortBy: 'durationMs', sortOrder: 'desc', limit: 50 },
    { provider: 'unknown', sortBy: 'cost', sortOrder: 'desc', limit: 50 },
    { project: String(sessions()[3]!.projectName), sortBy: 'cost', sortOrder: 'asc', limit: 50 },
  ] as const;
  for (const options of cases) {
    const { result, unmount } = renderHook(() => useSessions(options), { wrapper });
    await waitFor(() => expect(result.current.isLoading).toBe(false));
    const o = options as {
      source?: string;
      provider?: string;
      project?: string;
      limit: number;
      page?: number;
    };
    const expected = sessions()
      .filter((s) => !o.source || (s.source || 'opencode') === o.source)
      .filter((s) => !o.provider || provider(s) === o.provider)
      .filter((s) => !o.project || s.projectName === o.project || s.projectPath === o.project)
      .sort(byField(options.sortBy, options.sortOrder === 'desc'));
    const page = o.page ?? 1;
    expect(result.current.total).toBe(expected.length);
    expect(result.current.totalPages).toBe(Math.ceil(expected.length / o.limit));
    expect(ids(result.current.sessions)).toEqual(ids(expected.slice((page - 1) * o.limit, page * o.limit)));
    expect(result.current.error).toBeNull();
    unmount();
  }
});

test('useSession: the session with its messages and parts, its Markdown, and its edits', async () => {
  const target = sessions()[5]!;
  const { result } = renderHook(() => useSession({ sessionId: String(target.id) }), { wrapper });
  await waitFor(() => expect(result.current.session).not.toBeNull());
  const messages = data.messages.filter((m) => m.session === target.id);
  const session = result.current.session!;
  expect(session.messages.map((m) => m.id).sort()).toEqual(ids(messages).sort());
  for (const m of session.messages) {
    const parts = data.parts
      .filter((p) => p.message === m.id)
      .sort((a, b) => Number(a.order) - Number(b.order));
    expect(ids(m.parts)).toEqual(ids(parts));
  }
  expect(result.current.markdown).toContain(`# ${target.title}`);
  await act(() => result.current.setVisibility(true));
  await waitFor(() => expect(result.current.session?.isPublic).toBe(true));
  expect(result.current.session!.publicSlug).toMatch(/^[a-z0-9]{8}$/);
  await act(() => result.current.updateSession({ title: 'Edited <b>title</b>' }));
  await waitFor(() => expect(result.current.session?.title).toBe('Edited <b>title</b>'));
  await act(() => result.current.deleteSession());
  await waitFor(() => expect(result.current.session).toBeNull());
  expect(await replica.collection('messages').count(`session = "${target.id}"`)).toBe(0);
});

test('useMessages: a role filter and pages equal the records', async () => {
  const target = sessions()[2]!;
  const { result } = renderHook(
    () => useMessages({ sessionId: String(target.id), role: 'assistant', limit: 1, page: 2 }),
    { wrapper },
  );
  await waitFor(() => expect(result.current.isLoading).toBe(false));
  const expected = data.messages
    .filter((m) => m.session === target.id && m.role === 'assistant')
    .sort((a, b) => byCodePoint(String(a.created), String(b.created)) || byCodePoint(a.id, b.id));
  expect(result.current.total).toBe(expected.length);
  expect(ids(result.current.messages)).toEqual(ids(expected.slice(1, 2)));
});

function rounded(value: unknown): unknown {
  if (typeof value === 'number') return Number(value.toPrecision(9));
  if (Array.isArray(value)) return value.map(rounded);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]));
  return value;
}

test('useAnalytics equals the JavaScript reduce, and follows a write live', async () => {
  const { result } = renderHook(() => useAnalytics({ days: 90, now: NOW }), { wrapper });
  await waitFor(() => expect(result.current.summaryStats).not.toBeNull());
  const { summaryStats, dailyStats, modelStats, projectStats, providerStats, sourceStats } = result.current;
  expect(rounded({ summaryStats, dailyStats, modelStats, projectStats, providerStats, sourceStats })).toEqual(
    rounded(reference(data, 90, 0, NOW)),
  );
  const before = result.current.summaryStats!.totalTokens;
  await act(() =>
    replica
      .collection('sessions')
      .update(String(sessions()[0]!.id), { totalTokens: Number(sessions()[0]!.totalTokens) + 1000 }),
  );
  await waitFor(() => expect(result.current.summaryStats!.totalTokens).toBe(before + 1000));
});

test('useSearchSessions: every hit holds the words, highlighted', async () => {
  const word = String(sessions()[0]!.title)
    .split(/\s+/)
    .find((w) => /^[a-z]{4,}$/i.test(w))!;
  const { result } = renderHook(() => useSearchSessions({ query: word, limit: 50 }), { wrapper });
  await waitFor(() => expect(result.current.isLoading).toBe(false));
  const expected = sessions().filter((s) =>
    new RegExp(`\\b${word}\\b`, 'i').test(`${s.title} ${s.searchableText}`),
  );
  expect(result.current.total).toBe(expected.length);
  expect(ids(result.current.sessions).sort()).toEqual(ids(expected).sort());
  expect(Object.values(result.current.sessions[0]!.highlights).join(' ')).toContain('<mark>');
});

test('useEvals: marking, tags (any of), statistics and the exports', async () => {
  const [a, b, c] = sessions().map((s) => String(s.id));
  // Start from no eval-ready sessions (the generator marks some).
  for (const s of sessions())
    await replica.collection('sessions').update(String(s.id), { evalReady: false, evalTags: [] });
  const { result, rerender } = renderHook(({ tags }) => useEvals({ tags }), {
    wrapper,
    initialProps: { tags: [] as string[] },
  });
  await waitFor(() => expect(result.current.isLoading).toBe(false));
  await act(async () => {
    await result.current.setEvalReady(a!, true, 'good', ['refactor', 'bug']);
    await result.current.setEvalReady(b!, true, undefined, ['docs']);
    await result.current.setEvalReady(c!, true);
  });
  await waitFor(() => expect(result.current.sessions).toHaveLength(3));
  expect(result.current.allTags).toEqual(['bug', 'docs', 'refactor']);
  expect(result.current.stats).toMatchObject({ total: 3, reviewed: 3 });
  rerender({ tags: ['docs', 'bug'] });
  await waitFor(() => expect(ids(result.current.sessions).sort()).toEqual([a, b].sort()));
  const openai = await result.current.generateExport('all', 'openai');
  expect(openai.content.split('\n')).toHaveLength(2);
  const first = JSON.parse(openai.content.split('\n')[0]!);
  expect(first.messages.length).toBeGreaterThan(0);
  const deepeval = JSON.parse((await result.current.generateExport([a!], 'deepeval')).content);
  expect(deepeval.test_cases[0].additional_metadata).toMatchObject({ sessionId: a, notes: 'good' });
  const files = await result.current.generateExport([a!, b!], 'filesystem');
  expect(files.files!.map((f) => f.path)).toHaveLength(2);
});

test('useBulkOperations: delete with progress takes the sessions and their messages', async () => {
  const progress: Array<[number, number]> = [];
  const { result } = renderHook(() => useBulkOperations({ onProgress: (d, t) => progress.push([d, t]) }), {
    wrapper,
  });
  const chosen = sessions()
    .slice(0, 3)
    .map((s) => String(s.id));
  const deleted = await act(() => result.current.deleteMultipleSessions(chosen));
  expect(deleted).toBe(3);
  expect(progress).toEqual([
    [1, 3],
    [2, 3],
    [3, 3],
  ]);
  expect(await replica.collection('sessions').count()).toBe(sessions().length - 3);
  for (const id of chosen) expect(await replica.collection('messages').count(`session = "${id}"`)).toBe(0);
  const exported = await act(() =>
    result.current.exportSessions(
      sessions()
        .slice(3, 5)
        .map((s) => String(s.id)),
      'markdown',
    ),
  );
  expect(exported.count).toBe(2);
  expect(result.current.isProcessing).toBe(false);
});

test('useSimilarSessions equals a brute-force cosine ranking of the stored embeddings', async () => {
  const target = String(sessions()[4]!.id);
  const { result } = renderHook(() => useSimilarSessions({ sessionId: target, limit: 5 }), { wrapper });
  await waitFor(() => expect(result.current.data).toBeDefined());
  const vec = (e: Record<string, unknown>) => e.embedding as number[];
  const own = vec(data.sessionEmbeddings.find((e) => e.session === target)!);
  const cos = (x: number[]) => {
    let dot = 0, nx = 0, ny = 0; // prettier-ignore
    for (let i = 0; i < x.length; i++) ((dot += x[i]! * own[i]!), (nx += x[i]! ** 2), (ny += own[i]! ** 2));
    return dot / Math.sqrt(nx * ny);
  };
  const expected = data.sessionEmbeddings
    .filter((e) => e.session !== target)
    .map((e) => ({ session: String(e.session), score: cos(vec(e)) }))
    .sort((x, y) => y.score - x.score)
    .slice(0, 5);
  expect(result.current.data!.map((h) => h.session.id)).toEqual(expected.map((e) => e.session));
});

test('useUser: the record, stats, and the API key actions', async () => {
  const { result } = renderHook(() => useUser(), { wrapper });
  await waitFor(() => expect(result.current.stats).not.toBeNull());
  expect(result.current.user?.id).toBe(data.users[0]!.id);
  expect(result.current.stats).toMatchObject({
    totalSessions: sessions().length,
    totalMessages: data.messages.length,
  });
  let key = '';
  await act(async () => void (key = await result.current.generateApiKey()));
  await waitFor(() => expect(result.current.hasApiKey).toBe(true));
  expect(result.current.user?.apiKey).toBe(key);
  await act(() => result.current.revokeApiKey());
  await waitFor(() => expect(result.current.hasApiKey).toBe(false));
});

test('useHybridSessionSearch fuses both rankings; without embed it is text-only and says why', async () => {
  const target = sessions()[7]!;
  const vector = data.sessionEmbeddings.find((e) => e.session === target.id)!.embedding as number[];
  const word = String(target.title)
    .split(/\s+/)
    .find((w) => /^[a-z]{4,}$/i.test(w))!;
  const { result, rerender } = renderHook(
    ({ embed }) => useHybridSessionSearch({ query: word, embed, limit: 10 }),
    {
      wrapper,
      initialProps: { embed: (async () => vector) as ((t: string) => Promise<number[]>) | undefined },
    },
  );
  await waitFor(() => expect(result.current.isLoading).toBe(false));
  expect(result.current.usedVectors).toBe(true);
  const hit = result.current.sessions.find((s) => s.id === target.id)!;
  expect(hit.vectorRank).toBe(1); // its own embedding is nearest
  expect(hit.textRank).not.toBeNull();
  rerender({ embed: async () => Promise.reject(new Error('offline: no embedding service')) });
  result.current.refetch();
  await waitFor(() => expect(result.current.usedVectors).toBe(false));
  expect(result.current.vectorError).toBe('offline: no embedding service');
});
