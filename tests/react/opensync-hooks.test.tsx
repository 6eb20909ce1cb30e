/**
 * @jest-environment ./tests/support/jsdom-environment.cjs
 */
// The hooks OpenSync's own could not have (js/opensync/hooks-extras.ts) on generated data (the
// real engine in Node), each compared with the same answer computed directly from the records.
// The contract hooks are tested in opensync-contract.test.tsx.
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';

import { openReplica, type Replica } from '../../js/index.js';
import {
  generateOpenSync,
  opensyncSchema,
  opensyncSearch,
  opensyncVectors,
  useAnalyticsRollups,
  useSessionSearch,
  useSimilarSessions,
  useHybridSessionSearch,
  useSessions,
  type OpenSyncDataset,
} from '../../js/opensync/index.js';
import { ReplicaProvider } from '../../js/react/index.js';
import { reference, type Session } from '../support/opensync-stats-reference.js';

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

function rounded(value: unknown): unknown {
  if (typeof value === 'number') return Number(value.toPrecision(9));
  if (Array.isArray(value)) return value.map(rounded);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]));
  return value;
}

test('useAnalyticsRollups equals the JavaScript reduce, and follows a write live', async () => {
  const { result } = renderHook(() => useAnalyticsRollups({ days: 90, now: NOW }), { wrapper });
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

test('useSessionSearch: every hit holds the words, highlighted', async () => {
  const word = String(sessions()[0]!.title)
    .split(/\s+/)
    .find((w) => /^[a-z]{4,}$/i.test(w))!;
  const { result } = renderHook(() => useSessionSearch({ query: word, limit: 50 }), { wrapper });
  await waitFor(() => expect(result.current.isLoading).toBe(false));
  const expected = sessions().filter((s) =>
    new RegExp(`\\b${word}\\b`, 'i').test(`${s.title} ${s.searchableText}`),
  );
  expect(result.current.total).toBe(expected.length);
  expect(ids(result.current.sessions).sort()).toEqual(ids(expected).sort());
  expect(Object.values(result.current.sessions[0]!.highlights).join(' ')).toContain('<mark>');
});

test('useSimilarSessions equals a brute-force cosine ranking of the stored embeddings', async () => {
  const target = String(sessions()[4]!.id);
  const { result } = renderHook(() => useSimilarSessions({ sessionId: target, limit: 5 }), { wrapper });
  await waitFor(() => expect(result.current.data).toBeDefined());
  const vec = (e: Record<string, unknown>) => e.embedding as number[];
  const own = vec(data.sessionEmbeddings.find((e) => e.session === target)!);
  const cos = (x: number[]) => {
    let dot = 0, nx = 0, ny = 0; // prettier-ignore
    for (let i = 0; i < x.length; i++) {
      dot += x[i]! * own[i]!;
      nx += x[i]! ** 2;
      ny += own[i]! ** 2;
    }
    return dot / Math.sqrt(nx * ny);
  };
  const expected = data.sessionEmbeddings
    .filter((e) => e.session !== target)
    .map((e) => ({ session: String(e.session), score: cos(vec(e)) }))
    .sort((x, y) => y.score - x.score)
    .slice(0, 5);
  expect(result.current.data!.map((h) => h.session.id)).toEqual(expected.map((e) => e.session));
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

test('useSessions keeps the objects of the sessions a write did not change (memoised rows stay)', async () => {
  const { result } = renderHook(() => useSessions({ limit: 20, sortBy: 'totalTokens' }), { wrapper });
  await waitFor(() => expect(result.current.sessions).toHaveLength(20));
  const before = result.current.sessions;
  const edited = before[3]!;
  await act(() => replica.collection('sessions').update(edited.id, { title: 'edited here' }));
  await waitFor(() => expect(result.current.sessions[3]!.title).toBe('edited here'));
  const after = result.current.sessions;
  expect(after[3]).not.toBe(edited);
  expect(after.filter((s, i) => s !== before[i]).map((s) => s.id)).toEqual([edited.id]);
});
