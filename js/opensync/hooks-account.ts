// OpenSync's search, analytics, evals, bulk and account hooks on the local replica, plus what the
// originals could not do offline: semantic and similar-session search over the local vectors.
import { useCallback, useMemo, useRef, useState } from 'react';

import { filter } from '../filter.js';
import type { RecordModel } from '../record-service.js';
import { useLiveValue } from '../react/live.js';
import { useMutation } from '../react/mutation.js';
import { useReplica } from '../react/provider.js';
import { useHybridSearch, useLiveRecord, useSearch } from '../react/queries.js';
import type { ReplicaSource } from '../source.js';
import {
  opensyncAnalytics,
  opensyncEvalStats,
  opensyncUserStats,
  type OpenSyncAnalyticsOptions,
} from './analytics.js';
import {
  evalExport,
  loadSession,
  sessionsExport,
  type EvalExportFormat,
  type EvalExportOptions,
  type SessionWithMessages,
} from './sessions.js';
import type { MessagesRecord, SessionEmbeddingsRecord, SessionsRecord, UsersRecord } from './types.js';
import { sessionsFilter } from './hooks-sessions.js';

type Hit<T> = T & { score: number; highlights: Record<string, string> };
// One live search in OpenSync's page shape (the hooks below name `hits` sessions or messages).
function useSearchPage<K extends string, T extends RecordModel>(
  collection: K,
  options: { query: string; limit?: number; cursor?: string | null },
  filterText: string,
) {
  const result = useSearch<K, T>(collection, options.query, {
    limit: options.limit ?? 20,
    cursor: options.cursor ?? null,
    total: true,
    ...(filterText ? { filter: filterText } : {}),
  });
  const data = result.data;
  return useMemo(
    () => ({
      hits: (data?.items.map((item) => ({
        ...item.record,
        score: item.score,
        highlights: item.highlights,
      })) ?? []) as Array<Hit<T>>,
      nextCursor: data?.nextCursor ?? null,
      total: data?.total ?? 0,
      isLoading: result.isLoading,
      error: result.error,
      refetch: result.refetch,
    }),
    [data, result],
  );
}

/** Full-text search over the user's sessions (title and searchable text), highlighted. */
export function useSearchSessions(options: {
  query: string;
  limit?: number;
  cursor?: string | null;
  userId?: string;
}) {
  const where = options.userId ? sessionsFilter({ userId: options.userId }) : '';
  const { hits, ...page } = useSearchPage<'sessions', SessionsRecord>('sessions', options, where);
  return { sessions: hits, ...page };
}

/** Full-text search over messages, in one session or all. */
export function useSearchMessages(options: {
  query: string;
  sessionId?: string;
  limit?: number;
  cursor?: string | null;
  userId?: string;
}) {
  const conditions = [
    ...(options.sessionId ? [filter('session = {:s}', { s: options.sessionId })] : []),
    ...(options.userId ? [filter('session.user = {:u}', { u: options.userId })] : []),
  ];
  const { hits, ...page } = useSearchPage<'messages', MessagesRecord>(
    'messages',
    options,
    conditions.join(' && '),
  );
  return { messages: hits, ...page };
}

/** The dashboard's statistics, kept current by the engine's rollups as data syncs in. */
export function useAnalytics(
  options: OpenSyncAnalyticsOptions & { userId?: string; realtime?: boolean } = {},
) {
  const { source, days = 30, offsetMinutes = 0 } = options;
  const result = useLiveValue(
    `opensync:analytics:${source ?? ''}:${days}:${offsetMinutes}`,
    ['sessions', 'messages'],
    (r) => opensyncAnalytics(r, { source, days, offsetMinutes, now: options.now }),
  );
  const data = result.data;
  return useMemo(
    () => ({
      summaryStats: data?.summaryStats ?? null,
      dailyStats: data?.dailyStats ?? [],
      modelStats: data?.modelStats ?? [],
      projectStats: data?.projectStats ?? [],
      providerStats: data?.providerStats ?? [],
      sourceStats: data?.sourceStats ?? [],
      isLoading: result.isLoading,
      error: result.error,
      refetch: result.refetch,
    }),
    [data, result],
  );
}

/** Reads sessions whole, in order, reporting progress. */
async function loadSessions(
  replica: ReplicaSource,
  ids: string[],
  onProgress?: (done: number, total: number) => void,
): Promise<SessionWithMessages[]> {
  const out: SessionWithMessages[] = [];
  for (const [i, id] of ids.entries()) {
    const session = await loadSession(replica, id);
    if (session) out.push(session);
    onProgress?.(i + 1, ids.length);
  }
  return out;
}

/** Eval-ready sessions (by source, with ANY of `tags`), their statistics, and the eval edits and exports. */
export function useEvals(
  options: { source?: string; tags?: string[]; limit?: number; userId?: string } = {},
) {
  const replica = useReplica();
  const { source, tags = [], limit = 100 } = options;
  const where = ['evalReady = true', sessionsFilter({ source, userId: options.userId })]
    .filter(Boolean)
    .join(' && ');
  const result = useLiveValue(
    `opensync:evals:${JSON.stringify([where, tags, limit])}`,
    ['sessions'],
    async (r) => {
      const tagged = await readyTagged(r, where, tags);
      return { sessions: tagged.slice(0, limit), stats: await opensyncEvalStats(r) };
    },
  );
  const mutation = useMutation<'sessions', SessionsRecord>('sessions');
  const setEvalReady = useCallback(
    (id: string, ready: boolean, notes?: string, evalTags?: string[]) =>
      mutation.update(id, {
        evalReady: ready,
        reviewedAt: ready ? new Date().toISOString().replace('T', ' ') : '',
        ...(notes !== undefined ? { evalNotes: notes } : {}),
        ...(evalTags !== undefined ? { evalTags } : {}),
      }),
    [mutation],
  );
  const updateEvalNotes = useCallback(
    (id: string, notes: string) => mutation.update(id, { evalNotes: notes }),
    [mutation],
  );
  const updateEvalTags = useCallback(
    (id: string, evalTags: string[]) => mutation.update(id, { evalTags }),
    [mutation],
  );
  const generateExport = useCallback(
    async (ids: string[] | 'all', format: EvalExportFormat, exportOptions: EvalExportOptions = {}) => {
      if (!replica) throw new Error('pocketlite: the replica is not connected yet');
      // 'all': every session this hook selects (source and tags), without its display limit.
      const chosen = ids === 'all' ? (await readyTagged(replica, where, tags)).map((s) => s.id) : ids;
      return evalExport(await loadSessions(replica, chosen), format, exportOptions);
    },
    [replica, where, tags],
  );
  const data = result.data;
  return useMemo(
    () => ({
      sessions: data?.sessions ?? [],
      stats: data?.stats ?? null,
      allTags: data?.stats.allTags ?? [],
      setEvalReady,
      updateEvalNotes,
      updateEvalTags,
      generateExport,
      isLoading: result.isLoading,
      error: result.error,
      refetch: result.refetch,
    }),
    [data, result, setEvalReady, updateEvalNotes, updateEvalTags, generateExport],
  );
}

// Eval-ready sessions matching `where` with any of `tags` (JSON arrays are matched here, exactly).
async function readyTagged(replica: ReplicaSource, where: string, tags: string[]): Promise<SessionsRecord[]> {
  const ready = (await replica
    .collection('sessions')
    .getFullList({ filter: where, sort: '-updated' })) as SessionsRecord[];
  return tags.length === 0 ? ready : ready.filter((s) => tagsOf(s).some((tag) => tags.includes(tag)));
}

const tagsOf = (session: SessionsRecord): string[] =>
  Array.isArray(session.evalTags)
    ? (session.evalTags as unknown[]).filter((t): t is string => typeof t === 'string')
    : [];

/** Deletes sessions one by one (their messages and parts go with them), reporting progress. */
export async function deleteSessions(
  replica: ReplicaSource,
  ids: string[],
  onProgress?: (done: number, total: number) => void,
): Promise<number> {
  let deleted = 0;
  for (const [i, id] of ids.entries()) {
    if (
      await replica
        .collection('sessions')
        .delete(id)
        .catch((e) => (e?.status === 404 ? false : Promise.reject(e)))
    )
      deleted++;
    onProgress?.(i + 1, ids.length);
  }
  return deleted;
}

/** Bulk deletes and exports with progress. */
export function useBulkOperations(options: { onProgress?: (done: number, total: number) => void } = {}) {
  const replica = useReplica();
  const [isProcessing, setProcessing] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const { onProgress } = options;
  const run = useCallback(
    async <R>(work: (replica: ReplicaSource) => Promise<R>): Promise<R> => {
      if (!replica) throw new Error('pocketlite: the replica is not connected yet');
      setProcessing(true);
      setError(null);
      try {
        return await work(replica);
      } catch (e) {
        setError(e instanceof Error ? e : new Error(String(e)));
        throw e;
      } finally {
        setProcessing(false);
      }
    },
    [replica],
  );
  const deleteMultipleSessions = useCallback(
    (ids: string[]) => run((r) => deleteSessions(r, ids, onProgress)),
    [run, onProgress],
  );
  const exportSessions = useCallback(
    (ids: string[], format: 'json' | 'markdown' = 'json') =>
      run(async (r) => sessionsExport(await loadSessions(r, ids, onProgress), format)),
    [run, onProgress],
  );
  const clearError = useCallback(() => setError(null), []);
  return { deleteMultipleSessions, exportSessions, isProcessing, error, clearError };
}

/** The signed-in user's record, stats and account actions. */
export function useUser(options: { userId?: string | null; skipStats?: boolean; realtime?: boolean } = {}) {
  const replica = useReplica();
  const userId = options.userId ?? (replica as { userId?: string | null } | null)?.userId ?? null;
  const user = useLiveRecord<'users', UsersRecord>('users', userId);
  const stats = useLiveValue(
    options.skipStats ? null : 'opensync:user-stats',
    ['sessions', 'messages'],
    (r) => opensyncUserStats(r),
  );
  const mutation = useMutation<'users', UsersRecord>('users');
  const generateApiKey = useCallback(async () => {
    const bytes = crypto.getRandomValues(new Uint8Array(24));
    const apiKey = `osk_${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
    await mutation.update(userId!, { apiKey, apiKeyCreatedAt: Date.now() });
    return apiKey;
  }, [mutation, userId]);
  const revokeApiKey = useCallback(
    () => mutation.update(userId!, { apiKey: '', apiKeyCreatedAt: 0 }),
    [mutation, userId],
  );
  const updateEnabledAgents = useCallback(
    (agents: string[]) => mutation.update(userId!, { enabledAgents: agents }),
    [mutation, userId],
  );
  const deleteAllData = useCallback(
    async (onProgress?: (done: number, total: number) => void) => {
      if (!replica) throw new Error('pocketlite: the replica is not connected yet');
      const ids = (
        (await replica.collection('sessions').getFullList({ fields: 'id' })) as SessionsRecord[]
      ).map((s) => s.id);
      return deleteSessions(replica, ids, onProgress);
    },
    [replica],
  );
  const deleteAccount = useCallback(() => mutation.delete(userId!), [mutation, userId]);
  const record = user.data ?? null;
  return useMemo(
    () => ({
      user: record,
      hasApiKey: !!record?.apiKey,
      enabledAgents: Array.isArray(record?.enabledAgents) ? (record!.enabledAgents as string[]) : [],
      createdAt: record ? Date.parse(String(record.created).replace(' ', 'T')) : null,
      stats: stats.data ?? null,
      statsLoading: stats.isLoading,
      isLoading: user.isLoading,
      error: user.error ?? stats.error,
      generateApiKey,
      revokeApiKey,
      updateEnabledAgents,
      deleteAllData,
      deleteAccount,
      refetch: () => (user.refetch(), stats.refetch()),
    }),
    [record, user, stats, generateApiKey, revokeApiKey, updateEnabledAgents, deleteAllData, deleteAccount],
  );
}

/** Sessions nearest in meaning to `query`: `embed` (the app's, e.g. OpenAI's) embeds it once per query. */
export function useSemanticSearch(options: {
  query: string;
  embed: (text: string) => Promise<ArrayLike<number>>;
  limit?: number;
}) {
  const { query, limit = 10 } = options;
  const [cache] = useState(() => new Map<string, Promise<ArrayLike<number>>>());
  const latest = useRef(options.embed);
  latest.current = options.embed;
  const embed = (text: string) => latest.current(text);
  return useLiveValue(
    query.trim() ? `opensync:semantic:${query}:${limit}` : null,
    ['sessionEmbeddings', 'sessions'],
    async (r) => {
      // One embedding per query; a failed one (offline) is asked again next time.
      if (!cache.has(query))
        cache.set(
          query,
          embed(query).catch((error: unknown) => {
            cache.delete(query);
            throw error;
          }),
        );
      const vector = await cache.get(query)!;
      const near = await r
        .collection<SessionEmbeddingsRecord>('sessionEmbeddings')
        .vectorSearch(vector, { field: 'embedding', k: limit * 2 });
      return sessionsOf(r, near.items, limit);
    },
  );
}

/** The sessions most similar to one, by their stored embeddings (offline: no model needed). */
export function useSimilarSessions(options: { sessionId: string | null | undefined; limit?: number }) {
  const { sessionId, limit = 5 } = options;
  return useLiveValue(
    sessionId ? `opensync:similar:${sessionId}:${limit}` : null,
    ['sessionEmbeddings', 'sessions'],
    async (r) => {
      const own = await r
        .collection('sessionEmbeddings')
        .getList(1, 1, { filter: filter('session = {:s}', { s: sessionId! }), skipTotal: true });
      if (own.items.length === 0) return [];
      const near = await r
        .collection<SessionEmbeddingsRecord>('sessionEmbeddings')
        .similar(own.items[0]!.id, { field: 'embedding', k: limit * 2 });
      const others = near.items.filter((h) => h.record.session !== sessionId);
      return sessionsOf(r, others, limit);
    },
  );
}

// Vector hits on embeddings → their sessions (first hit per session, best first).
async function sessionsOf(
  replica: ReplicaSource,
  near: Array<{ record: SessionEmbeddingsRecord; score: number }>,
  limit: number,
): Promise<Array<{ session: SessionsRecord; score: number }>> {
  const best = new Map<string, number>();
  for (const hit of near) if (!best.has(hit.record.session)) best.set(hit.record.session, hit.score);
  const ids = [...best.keys()].slice(0, limit);
  if (ids.length === 0) return [];
  const sessions = (await replica.collection('sessions').getFullList({
    filter: ids.map((id) => filter('id = {:id}', { id })).join(' || '),
  })) as SessionsRecord[];
  const byId = new Map(sessions.map((s) => [s.id, s]));
  return ids.filter((id) => byId.has(id)).map((id) => ({ session: byId.get(id)!, score: best.get(id)! }));
}

/** Sessions by full-text and meaning together (RRF-fused); text-only, and saying why, when `embed` fails. */
export function useHybridSessionSearch(options: {
  query: string;
  embed?: (text: string) => Promise<ArrayLike<number>>;
  limit?: number;
}) {
  const result = useHybridSearch<'sessions', SessionsRecord>('sessions', options.query, {
    k: options.limit ?? 10,
    embed: options.embed,
    vectors: { collection: 'sessionEmbeddings', relation: 'session' },
  });
  const data = result.data;
  return useMemo(
    () => ({
      sessions:
        data?.items.map((hit) => ({
          ...hit.record,
          score: hit.score,
          textRank: hit.textRank,
          vectorRank: hit.vectorRank,
        })) ?? [],
      usedVectors: data?.usedVectors ?? false,
      vectorError: data && !data.usedVectors ? data.vectorError : undefined,
      isLoading: result.isLoading,
      error: result.error,
      refetch: result.refetch,
    }),
    [data, result],
  );
}
