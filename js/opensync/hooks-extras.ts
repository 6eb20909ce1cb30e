// What OpenSync's own hooks could not do, on the local replica: ranked full-text search with
// highlights and string cursors, dashboard statistics kept by the engine's rollups (O(groups) per
// read, for heavy users, with a time zone for day boundaries), and semantic, similar-session and
// hybrid search over the local vectors. The contract hooks (./contract) keep OpenSync's names.
import { useMemo, useRef, useState } from 'react';

import { filter } from '../filter.js';
import type { RecordModel } from '../model.js';
import { useLiveValue } from '../react/live.js';
import { useHybridSearch, useSearch } from '../react/queries.js';
import type { ReplicaSource } from '../source.js';
import { opensyncAnalytics, type OpenSyncAnalyticsOptions } from './analytics.js';
import { sessionsFilter } from './contract/hooks-sessions.js';
import type { MessagesRecord, SessionEmbeddingsRecord, SessionsRecord } from './types.js';

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
export function useSessionSearch(options: {
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
export function useMessageSearch(options: {
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
export function useAnalyticsRollups(
  options: OpenSyncAnalyticsOptions & { userId?: string; realtime?: boolean } = {},
) {
  const { source, days = 30, offsetMinutes = 0, windowed = false } = options;
  const result = useLiveValue(
    `opensync:analytics:${source ?? ''}:${days}:${offsetMinutes}:${windowed}`,
    ['sessions', 'messages'],
    (r) => opensyncAnalytics(r, { source, days, offsetMinutes, now: options.now, windowed }),
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
