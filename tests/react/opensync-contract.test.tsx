/**
 * @jest-environment ./tests/support/jsdom-environment.cjs
 */
// OpenSync's hooks contract (docs/opensync-hooks.md) on generated data in a real replica: each
// hook's results against what the contract says the original computes, written out here from the
// records (not from the implementation), plus the compat additions and the error, loading and
// option-identity semantics the pages rely on.
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';

import { openReplica, type Replica } from '../../js/index.js';
import {
  generateOpenSync,
  opensyncSchema,
  useAnalytics,
  useBulkOperations,
  useEvals,
  useMessages,
  usePublicSession,
  useSearchMessages,
  useSearchSessions,
  useSession,
  useSessions,
  useUser,
  type BulkOperationProgress,
  type OpenSyncDataset,
} from '../../js/opensync/index.js';
import { ReplicaProvider } from '../../js/react/index.js';

type Row = Record<string, unknown>;
const NOW = Date.UTC(2026, 10, 1, 12);
let data: OpenSyncDataset;
let replica: Replica;
const wrapper = ({ children }: { children?: ReactNode }) => (
  <ReplicaProvider replica={replica} userId={data.users[0]!.id}>
    {children}
  </ReplicaProvider>
);

beforeEach(async () => {
  data = generateOpenSync({ users: 1, sessionsPerUser: 30, messagesPerSession: 4, seed: 9, now: NOW });
  replica = await openReplica({
    url: 'http://contract.test',
    userId: data.users[0]!.id,
    schema: opensyncSchema,
  });
  for (const name of ['users', 'sessions', 'messages', 'parts'] as const)
    await replica.collection(name).upsert(JSON.stringify(data[name]));
});
afterEach(() => replica.close());

const sessions = () => data.sessions as Row[];
const ms = (date: unknown) => new Date(String(date).replace(' ', 'T')).getTime();
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const num = (v: unknown) => (typeof v === 'number' ? v : 0);
const RULES: Array<[string[], string]> = [
  [['claude', 'anthropic'], 'anthropic'],
  [['gpt', 'o1', 'o3', 'davinci', 'curie', 'text-embedding'], 'openai'],
  [['gemini', 'palm', 'bard'], 'google'],
  [['mistral', 'mixtral'], 'mistral'],
  [['command', 'cohere'], 'cohere'],
  [['llama', 'meta'], 'meta'],
  [['deepseek'], 'deepseek'],
  [['groq'], 'groq'],
];
const provider = (s: Row) =>
  str(s.provider) ||
  RULES.find(([parts]) => parts.some((p) => str(s.model).toLowerCase().includes(p)))?.[1] ||
  'unknown';
const byDesc = (field: string) => (a: Row, b: Row) =>
  ms(b[field]) - ms(a[field]) || num(b[field]) - num(a[field]) || (str(a.id) < str(b.id) ? -1 : 1);
/** Stable: ties keep the input order (Array.prototype.sort is stable). */
const stableDesc = <T,>(rows: T[], by: (r: T) => number) => [...rows].sort((a, b) => by(b) - by(a));

test('useSessions: defaults, compat keys, filters, provider on the page, and no refetch loop', async () => {
  let renders = 0;
  const { result } = renderHook(
    () => {
      renders++;
      // Options built afresh on every render, as OpenSync's Dashboard does.
      return useSessions({ limit: 100, sortBy: 'updated', sortOrder: 'desc', source: undefined });
    },
    { wrapper },
  );
  expect(result.current.isLoading).toBe(true);
  expect(result.current.sessions).toEqual([]);
  await waitFor(() => expect(result.current.isLoading).toBe(false));
  const expected = [...sessions()].sort(byDesc('updated'));
  expect(result.current.sessions.map((s) => s.id)).toEqual(expected.map((s) => s.id));
  expect(result.current).toMatchObject({ total: 30, totalPages: 1, page: 1, error: null });
  const first = result.current.sessions[0]!;
  const raw = expected[0]!;
  expect(first).toMatchObject({
    _id: raw.id,
    provider: provider(raw),
    source: str(raw.source) || 'opencode',
    createdAt: ms(raw.created),
    updatedAt: ms(raw.updated),
    created: raw.created,
  });
  const settled = renders;
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(renders).toBe(settled);

  const opencode = renderHook(() => useSessions({ source: 'opencode', sortBy: 'cost', sortOrder: 'asc' }), {
    wrapper,
  });
  await waitFor(() => expect(opencode.result.current.isLoading).toBe(false));
  const withOpencode = sessions().filter((s) => (str(s.source) || 'opencode') === 'opencode');
  expect(opencode.result.current.total).toBe(withOpencode.length);
  const costs = opencode.result.current.sessions.map((s) => s.cost);
  expect(costs).toEqual([...costs].sort((a, b) => a - b));

  // provider filters the page after the read: total still counts the unfiltered result.
  const target = provider(sessions()[0]!);
  const byProvider = renderHook(() => useSessions({ provider: target, limit: 10 }), { wrapper });
  await waitFor(() => expect(byProvider.result.current.isLoading).toBe(false));
  const page = [...sessions()].sort(byDesc('updated')).slice(0, 10);
  expect(byProvider.result.current.sessions.map((s) => s.id)).toEqual(
    page.filter((s) => provider(s) === target).map((s) => s.id),
  );
  expect(byProvider.result.current.total).toBe(30);
});

test('useSession: messages with parts by order, text content as text, Markdown, edits and delete', async () => {
  const target = sessions()[4]!;
  const id = String(target.id);
  const { result, rerender } = renderHook(({ sessionId }) => useSession({ sessionId }), {
    wrapper,
    initialProps: { sessionId: id as string | null },
  });
  expect(result.current.isLoading).toBe(true);
  await waitFor(() => expect(result.current.session).not.toBeNull());
  const session = result.current.session!;
  expect(session).toMatchObject({ id, _id: id, provider: provider(target), createdAt: ms(target.created) });
  expect(session.session.id).toBe(id); // the Convex-shaped copy
  const messages = (data.messages as Row[])
    .filter((m) => m.session === id)
    .sort((a, b) => ms(a.created) - ms(b.created) || (str(a.id) < str(b.id) ? -1 : 1));
  expect(session.messages.map((m) => m.id)).toEqual(messages.map((m) => m.id));
  for (const m of session.messages) {
    const raw = messages.find((r) => r.id === m.id)!;
    expect(m).toMatchObject({ _id: m.id, role: raw.role, createdAt: ms(raw.created) });
    const parts = (data.parts as Row[])
      .filter((p) => p.message === m.id)
      .sort((a, b) => num(a.order) - num(b.order));
    expect(m.parts.map((p) => p.type)).toEqual(parts.map((p) => p.type));
    for (const [i, p] of m.parts.entries()) {
      const content = parts[i]!.content as { text?: string };
      expect(p.content).toEqual(
        p.type === 'text' ? (typeof content === 'string' ? content : content.text) : content,
      );
    }
  }
  expect(result.current.markdown!.startsWith(`# ${str(target.title) || 'Untitled Session'}\n\n`)).toBe(true);

  // Visibility: a new 10-character slug; private again keeps it.
  let made: unknown;
  await act(async () => void (made = await result.current.setVisibility(true)));
  const slug = (made as { publicSlug: string }).publicSlug || str(target.publicSlug);
  expect(made).toEqual({ isPublic: true, publicSlug: slug });
  if (!target.publicSlug) expect(slug).toMatch(/^[A-Za-z0-9_-]{10}$/);
  await waitFor(() => expect(result.current.session?.isPublic).toBe(true));
  await act(async () => void (made = await result.current.setVisibility(false)));
  expect(made).toEqual({ isPublic: false, publicSlug: slug });
  await act(async () => expect(await result.current.updateSession({ title: 'Renamed' })).toBeUndefined());
  await waitFor(() => expect(result.current.session?.title).toBe('Renamed'));
  await act(() => result.current.deleteSession());
  expect(result.current.session).toBeNull();
  expect(result.current.markdown).toBeNull();
  expect(await replica.collection('messages').count(`session = "${id}"`)).toBe(0);

  // No id: nothing loads, and the mutations say why.
  rerender({ sessionId: null });
  expect(result.current).toMatchObject({ session: null, markdown: null, isLoading: false });
  await expect(result.current.setVisibility(true)).rejects.toThrow(
    'Cannot set visibility: no session loaded',
  );
  await expect(result.current.updateSession({})).rejects.toThrow('Cannot update session: no session loaded');
  await expect(result.current.deleteSession()).rejects.toThrow('Cannot delete session: no session loaded');
  rerender({ sessionId: 'nosuchsession00' });
  await waitFor(() => expect(result.current.error).toBe("The requested resource wasn't found."));
  expect(result.current.session).toBeNull();
});

test('useSession: a session with 150 messages opens with every part (the original failed from 114)', async () => {
  const id = String(sessions()[0]!.id);
  const extra = Array.from({ length: 150 }, (_, i) => ({
    id: `bulkmsg${String(i).padStart(8, '0')}`,
    session: id,
    externalId: `bulk-${i}`,
    role: 'user',
    textContent: `m${i}`,
    created: `2026-01-01 00:00:${String(i % 60).padStart(2, '0')}.${String(i).padStart(3, '0')}Z`,
    updated: '2026-01-01 00:00:00.000Z',
  }));
  await replica.collection('messages').upsert(JSON.stringify(extra));
  await replica.collection('parts').upsert(
    JSON.stringify(
      extra.map((m, i) => ({
        id: `bulkpart${String(i).padStart(7, '0')}`,
        message: m.id,
        type: 'text',
        content: { text: `p${i}` },
        order: 1,
      })),
    ),
  );
  const { result } = renderHook(() => useSession({ sessionId: id }), { wrapper });
  await waitFor(() => expect(result.current.session).not.toBeNull());
  const bulk = result.current.session!.messages.filter((m) => m.id.startsWith('bulkmsg'));
  expect(bulk).toHaveLength(150);
  expect(bulk.every((m) => m.parts.length === 1 && /^p\d+$/.test(String(m.parts[0]!.content)))).toBe(true);
});

test('useMessages: filters, pages, and fields left out when empty', async () => {
  const id = String(sessions()[2]!.id);
  const { result } = renderHook(() => useMessages({ sessionId: id, role: 'assistant', limit: 1, page: 1 }), {
    wrapper,
  });
  await waitFor(() => expect(result.current.isLoading).toBe(false));
  const assistant = (data.messages as Row[]).filter((m) => m.session === id && m.role === 'assistant');
  expect(result.current.total).toBe(assistant.length);
  expect(result.current.totalPages).toBe(assistant.length);
  const m = result.current.messages[0];
  if (m) {
    const raw = assistant.find((r) => r.id === m.id)!;
    expect(m.model).toBe(str(raw.model) || undefined);
    expect(m.createdAt).toBe(ms(raw.created));
  }
  const none = renderHook(() => useMessages({ sessionId: null }), { wrapper });
  expect(none.result.current).toMatchObject({ messages: [], total: 0, totalPages: 0, isLoading: false });
});

test('useSearchSessions: one substring of the whole query, newest updated first, offset cursors', async () => {
  const target = sessions()[3]!;
  const words = str(target.searchableText).split('\n')[1]!.split(' ').slice(0, 2);
  const phrase = words.join(' ');
  const { result, rerender } = renderHook(
    ({ query, cursor }) => useSearchSessions({ query, limit: 4, cursor }),
    { wrapper, initialProps: { query: ` ${phrase} `, cursor: 0 } },
  );
  await waitFor(() => expect(result.current.isLoading).toBe(false));
  const matching = sessions()
    .filter((s) => str(s.searchableText).toLowerCase().includes(phrase.toLowerCase()))
    .sort(byDesc('updated'));
  expect(result.current.total).toBe(matching.length);
  expect(result.current.sessions.map((s) => s.id)).toEqual(matching.slice(0, 4).map((s) => s.id));
  expect(result.current.nextCursor).toBe(matching.length > 4 ? 4 : null);
  expect(result.current.sessions[0]).toMatchObject({
    updatedAt: ms(matching[0]!.updated),
    provider: provider(matching[0]!),
  });
  // Not tokenised: the words the other way round are another substring.
  rerender({ query: [...words].reverse().join(' '), cursor: 0 });
  await waitFor(() => expect(result.current.isLoading).toBe(false));
  const reversed = sessions().filter((s) =>
    str(s.searchableText)
      .toLowerCase()
      .includes([...words].reverse().join(' ').toLowerCase()),
  );
  expect(result.current.total).toBe(reversed.length);
  // An empty query lists every session, newest first; the last page has no next cursor.
  rerender({ query: '', cursor: 28 });
  await waitFor(() => expect(result.current.total).toBe(30));
  expect(result.current.sessions).toHaveLength(2);
  expect(result.current.nextCursor).toBeNull();
});

test('useSearchMessages: blank finds nothing; the real total pages with a cursor; session details', async () => {
  const { result, rerender } = renderHook(
    ({ query, cursor }) => useSearchMessages({ query, limit: 5, cursor }),
    {
      wrapper,
      initialProps: { query: '   ', cursor: 0 },
    },
  );
  expect(result.current).toMatchObject({ messages: [], total: 0, nextCursor: null, isLoading: false });
  const word = str((data.messages as Row[])[0]!.textContent).split(' ')[0]!;
  rerender({ query: word, cursor: 0 });
  await waitFor(() => expect(result.current.total).toBeGreaterThan(0));
  const matching = (data.messages as Row[])
    .filter((m) => str(m.textContent).toLowerCase().includes(word.toLowerCase()))
    .sort((a, b) => ms(b.created) - ms(a.created) || (str(a.id) < str(b.id) ? -1 : 1));
  expect(result.current.total).toBe(matching.length);
  expect(result.current.messages.map((m) => m.id)).toEqual(matching.slice(0, 5).map((m) => m.id));
  expect(result.current.nextCursor).toBe(matching.length > 5 ? 5 : null);
  const hit = result.current.messages[0]!;
  const session = sessions().find((s) => s.id === matching[0]!.session)!;
  expect(hit).toMatchObject({
    sessionId: session.id,
    sessionTitle: str(session.title) || undefined,
    projectPath: str(session.projectPath) || undefined,
  });
});

test('useAnalytics: undefined while loading, then the breakdowns as the original computes them', async () => {
  const { result, rerender } = renderHook(({ source }) => useAnalytics({ days: 30, source }), {
    wrapper,
    initialProps: { source: undefined as string | undefined },
  });
  expect(result.current.summaryStats).toBeUndefined();
  await waitFor(() => expect(result.current.summaryStats).toBeDefined());
  const all = [...sessions()].sort(byDesc('created'));
  const sum = (f: string) => all.reduce((t, s) => t + num(s[f]), 0);
  expect(result.current.summaryStats).toEqual({
    totalSessions: 30,
    totalMessages: sum('messageCount'),
    totalTokens: sum('totalTokens'),
    promptTokens: sum('promptTokens'),
    completionTokens: sum('completionTokens'),
    totalCost: sum('cost'),
    totalDurationMs: sum('durationMs'),
    uniqueModels: new Set(all.map((s) => s.model).filter(Boolean)).size,
    uniqueProjects: new Set(all.map((s) => s.projectName).filter(Boolean)).size,
    avgTokensPerSession: sum('totalTokens') / 30,
    avgCostPerSession: sum('cost') / 30,
  });
  // One entry per UTC day, ascending, within the window.
  const since = Date.now() - 30 * 86_400_000;
  const days = [
    ...new Set(all.filter((s) => ms(s.created) >= since).map((s) => str(s.created).slice(0, 10))),
  ].sort();
  expect(result.current.dailyStats.map((d) => d.date)).toEqual(days);
  expect(result.current.dailyStats.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d.date))).toBe(true);
  const models = new Map<string, Row[]>();
  for (const s of all)
    models.set(str(s.model) || 'unknown', [...(models.get(str(s.model) || 'unknown') ?? []), s]);
  expect(result.current.modelStats.map((m) => [m.model, m.sessions])).toEqual(
    stableDesc([...models], ([, rows]) => rows.length).map(([model, rows]) => [model, rows.length]),
  );
  const providers = new Map<string, number>();
  for (const s of all) providers.set(provider(s), (providers.get(provider(s)) ?? 0) + 1);
  expect(result.current.providerStats.map((p) => [p.provider, p.sessions])).toEqual(
    stableDesc([...providers], ([, n]) => n),
  );
  const lastActive = result.current.projectStats.map((p) => p.lastActive);
  expect(lastActive).toEqual([...lastActive].sort((a, b) => b - a));
  // A source that matches nothing: zeros, not null (the Dashboard reads summaryStats.totalSessions).
  rerender({ source: 'no-such-source' });
  expect(result.current.summaryStats).toMatchObject({ totalSessions: 0, avgCostPerSession: 0 });
  expect(result.current.sourceStats.reduce((n, s) => n + s.sessions, 0)).toBe(30); // sources ignore the filter
});

test('useEvals: mapping, client-side filters, tags, statistics, edits and exports', async () => {
  for (const s of sessions())
    await replica.collection('sessions').update(String(s.id), { evalReady: false, evalTags: [] });
  const [a, b, c] = sessions().map((s) => String(s.id));
  const { result, rerender } = renderHook(({ tags, source }) => useEvals({ tags, source }), {
    wrapper,
    initialProps: { tags: undefined as string[] | undefined, source: undefined as string | undefined },
  });
  await waitFor(() => expect(result.current.isLoading).toBe(false));
  expect(result.current.stats).toEqual({
    total: 0,
    bySource: { opencode: 0, claudeCode: 0, factoryDroid: 0 },
    totalTestCases: 0,
  });
  await act(async () => {
    expect(await result.current.setEvalReady(a!, true, 'good', ['refactor', 'bug'])).toBeUndefined();
    await result.current.setEvalReady(b!, true, undefined, ['docs']);
    await result.current.setEvalReady(c!, true);
  });
  await waitFor(() => expect(result.current.evalSessions).toHaveLength(3));
  const row = result.current.evalSessions.find((s) => s.id === a)!;
  expect(row).toMatchObject({ evalReady: true, evalNotes: 'good', evalTags: ['refactor', 'bug'] });
  expect(row.reviewedAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  const raw = sessions().find((s) => s.id === a)!;
  expect(row.source).toBe(str(raw.source) || undefined);
  expect(row.provider).toBe(str(raw.provider) || undefined);
  expect(result.current.allTags).toEqual(['bug', 'docs', 'refactor']);
  expect(result.current.stats.totalTestCases).toBe(
    [a, b, c].reduce((n, id) => n + num(sessions().find((s) => s.id === id)!.messageCount), 0),
  );
  rerender({ tags: ['docs', 'bug'], source: undefined });
  await waitFor(() => expect(result.current.evalSessions.map((s) => s.id).sort()).toEqual([a, b].sort()));
  const exported = await result.current.generateExport('all', 'openai', {
    includeSystemPrompts: false,
    includeToolCalls: false,
    anonymizePaths: false,
  });
  expect(exported.stats.sessions).toBe(2);
  expect(exported.filename).toMatch(/^eval-export-openai-\d{4}-\d{2}-\d{2}\.jsonl$/);
  await expect(
    result.current.generateExport([c!], 'deepeval', {
      includeSystemPrompts: false,
      includeToolCalls: false,
      anonymizePaths: false,
    }),
  ).rejects.toThrow('No sessions found for export'); // c is outside the current filter
  rerender({ tags: undefined, source: 'no-such-source' });
  await waitFor(() => expect(result.current.evalSessions).toHaveLength(0));
});

test('useBulkOperations: progress events, exports, failures and their messages', async () => {
  const progress: BulkOperationProgress[] = [];
  const { result } = renderHook(() => useBulkOperations({ onProgress: (p) => progress.push(p) }), {
    wrapper,
  });
  const [x, y, z] = sessions().map((s) => String(s.id));
  let csv = { data: '', filename: '', mimeType: '', stats: { sessions: 0, messages: 0, parts: 0 } };
  await act(async () => void (csv = await result.current.exportSessions([x!, y!], 'csv')));
  expect(progress).toEqual([
    { operation: 'fetching', current: 0, total: 2 },
    { operation: 'fetching', current: 0, total: 2, sessionId: x },
    { operation: 'fetching', current: 1, total: 2, sessionId: y },
  ]);
  expect(csv.data.split('\n')).toHaveLength(3);
  expect(csv.stats.parts).toBe(0);
  expect(csv.stats.messages).toBe(
    (data.messages as Row[]).filter((m) => m.session === x || m.session === y).length,
  );
  await expect(result.current.exportSessions([], 'json')).rejects.toThrow('No sessions selected for export');
  let failure: unknown;
  await act(async () => {
    failure = await result.current.exportSessions(['nosuchsession00'], 'json').catch((e: unknown) => e);
  });
  expect(failure).toBeInstanceOf(Error);
  expect((failure as Error).message).toBe("The requested resource wasn't found.");
  expect(result.current.error).toBe("The requested resource wasn't found.");
  act(() => result.current.clearError());
  expect(result.current.error).toBeNull();

  progress.length = 0;
  let outcome = { deleted: 0, failed: [] as string[], durationMs: -1 };
  await act(
    async () => void (outcome = await result.current.deleteMultipleSessions([z!, 'nosuchsession00'])),
  );
  expect(outcome).toMatchObject({ deleted: 1, failed: ['nosuchsession00'] });
  expect(outcome.durationMs).toBeGreaterThanOrEqual(0);
  expect(progress.map((p) => [p.operation, p.current, p.total, p.sessionId])).toEqual([
    ['deleting', 0, 2, z],
    ['deleting', 1, 2, 'nosuchsession00'],
  ]);
  expect(result.current.error).toBe('Failed to delete 1 of 2 sessions');
  expect(await replica.collection('messages').count(`session = "${z}"`)).toBe(0);
  expect(await result.current.deleteMultipleSessions([])).toEqual({ deleted: 0, failed: [], durationMs: 0 });
});

test("useUser: the provider's user by default, stats, key and agent actions, and deleting the data", async () => {
  const { result } = renderHook(() => useUser({ realtime: true }), { wrapper });
  expect(result.current.statsLoading).toBe(true);
  await waitFor(() => expect(result.current.stats).not.toBeNull());
  const user = data.users[0]!;
  expect(result.current.user?.id).toBe(user.id);
  expect(result.current.enabledAgents).toEqual(user.enabledAgents);
  expect(result.current.createdAt).toBe(ms(user.created));
  const stats = result.current.stats!;
  expect(stats.sessionCount).toBe(30);
  expect(stats.totalTokens).toBe(sessions().reduce((t, s) => t + num(s.totalTokens), 0));
  const stored = sessions().filter((s) => str(s.provider));
  expect(Object.keys(stats.providerUsage).sort()).toEqual(
    [...new Set(stored.map((s) => str(s.provider)))].sort(),
  );

  let key = '';
  await act(async () => void (key = await result.current.generateApiKey()));
  expect(key).toMatch(/^os_[0-9a-f]{32}$/);
  await waitFor(() => expect(result.current.hasApiKey).toBe(true));
  await act(() => result.current.revokeApiKey());
  await waitFor(() => expect(result.current.user?.apiKey).toBe(''));
  await act(() => result.current.updateEnabledAgents(['cursor']));
  await waitFor(() => expect(result.current.enabledAgents).toEqual(['cursor']));

  let deleted: unknown;
  await act(async () => void (deleted = await result.current.deleteAllData()));
  expect(deleted).toEqual({
    deleted: true,
    counts: {
      sessions: 30,
      messages: data.messages.length,
      parts: data.parts.length,
      embeddings: 0,
      apiLogs: 0,
    },
  });
  expect(await replica.collection('sessions').count()).toBe(0);
  await waitFor(() => expect(result.current.stats?.sessionCount).toBe(0));
  await act(async () => expect(await result.current.deleteAccount()).toEqual({ deleted: true }));
  await waitFor(() => expect(result.current.user).toBeNull());
});

test('usePublicSession: undefined while loading, the shared session from the replica, null otherwise', async () => {
  const shared = sessions().find((s) => s.isPublic)!;
  const hidden = sessions().find((s) => !s.isPublic)!;
  await replica.collection('sessions').update(String(hidden.id), { publicSlug: 'hidden-slug' });
  const { result, rerender } = renderHook(({ slug }) => usePublicSession({ slug }), {
    wrapper,
    initialProps: { slug: String(shared.publicSlug) as string | undefined },
  });
  expect(result.current.data).toBeUndefined();
  await waitFor(() => expect(result.current.data).toBeTruthy());
  expect(result.current.data!.session).toEqual({
    title: str(shared.title) || undefined,
    projectPath: str(shared.projectPath) || undefined,
    model: str(shared.model) || undefined,
    provider: provider(shared),
    totalTokens: shared.totalTokens,
    createdAt: ms(shared.created),
  });
  expect(result.current.data!.messages.length).toBe(
    (data.messages as Row[]).filter((m) => m.session === shared.id).length,
  );
  expect(result.current.data!.messages[0]!._id).toBeTruthy();
  // Not shared here: the server is asked (another user's share); this test has none to answer.
  rerender({ slug: 'hidden-slug' });
  await waitFor(() => expect(result.current.data).toBeNull());
  expect(result.current.error).toBe('Something went wrong.');
  rerender({ slug: undefined });
  expect(result.current.data).toBeNull();
});
