// OpenSync's session hooks on the local replica: the same names,
// options and result shapes as its PocketBase hooks, read locally (instant, offline), written
// through the outbox. `realtime` is accepted and always on: local data is live.
import { useCallback, useEffect, useMemo, useState } from 'react';

import { filter } from '../filter.js';
import type { ListResult } from '../record-service.js';
import { useLiveValue, type LiveResult } from '../react/live.js';
import { useMutation } from '../react/mutation.js';
import { useOptionalReplicaContext } from '../react/provider.js';
import { useQuery } from '../react/queries.js';
import {
  loadSession,
  providerFilter,
  sessionMarkdown,
  withParts,
  type MessageWithParts,
  type SessionWithMessages,
} from './sessions.js';
import type { MessagesRecord, SessionsRecord } from './types.js';

/** Options of {@link useSessions}. */
export interface UseSessionsOptions {
  limit?: number;
  page?: number;
  sortBy?: 'updated' | 'created' | 'totalTokens' | 'cost' | 'durationMs';
  sortOrder?: 'asc' | 'desc';
  source?: string;
  model?: string;
  /** A project name or path. */
  project?: string;
  /** A provider, matched as the dashboard shows it (inferred from the model when empty). */
  provider?: string;
  userId?: string;
  realtime?: boolean;
}

/** The filter of useSessions' options; every value bound. */
export function sessionsFilter(
  options: Pick<UseSessionsOptions, 'source' | 'model' | 'project' | 'provider' | 'userId'>,
): string {
  const parts: string[] = [];
  if (options.userId) parts.push(filter('user = {:u}', { u: options.userId }));
  if (options.source === 'opencode') parts.push('(source = "opencode" || source = "")');
  else if (options.source) parts.push(filter('source = {:s}', { s: options.source }));
  if (options.model) parts.push(filter('model = {:m}', { m: options.model }));
  if (options.project)
    parts.push(filter('(projectName = {:p} || projectPath = {:p})', { p: options.project }));
  if (options.provider) parts.push(providerFilter(options.provider));
  return parts.join(' && ');
}

const withRefetch = <T extends object>(result: LiveResult<unknown>, value: T) => ({
  ...value,
  isLoading: result.isLoading,
  error: result.error,
  refetch: result.refetch,
});

/** A page of the user's sessions with filters and sort. */
export function useSessions(options: UseSessionsOptions = {}) {
  const { limit = 50, page = 1, sortBy = 'updated', sortOrder = 'desc' } = options;
  const result = useQuery<'sessions', SessionsRecord>('sessions', {
    page,
    perPage: limit,
    filter: sessionsFilter(options),
    sort: `${sortOrder === 'asc' ? '' : '-'}${sortBy}`,
  });
  const data: ListResult<SessionsRecord> | undefined = result.data;
  return useMemo(
    () =>
      withRefetch(result, {
        sessions: data?.items ?? [],
        total: data?.totalItems ?? 0,
        totalPages: data?.totalPages ?? 0,
        page,
      }),
    [result, data, page],
  );
}

function randomSlug(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (b) => (b % 36).toString(36)).join('');
}

/** One session with its messages and parts, its Markdown, and its edits. */
export function useSession(options: { sessionId: string | null | undefined; realtime?: boolean }) {
  const id = options.sessionId;
  const result = useLiveValue(id ? `opensync:session:${id}` : null, ['sessions', 'messages', 'parts'], (r) =>
    loadSession(r, id!),
  );
  const mutation = useMutation<'sessions', SessionsRecord>('sessions');
  const session = result.data ?? null;
  const markdown = useMemo(() => (session ? sessionMarkdown(session) : ''), [session]);
  const setVisibility = useCallback(
    (isPublic: boolean) =>
      mutation.update(id!, {
        isPublic,
        ...(isPublic && !session?.publicSlug ? { publicSlug: randomSlug() } : {}),
      }),
    [mutation, id, session],
  );
  const updateSession = useCallback(
    (input: Partial<SessionsRecord>) =>
      mutation.update(id!, input as Partial<SessionsRecord> & Record<string, unknown>),
    [mutation, id],
  );
  const deleteSession = useCallback(() => mutation.delete(id!), [mutation, id]);
  return useMemo(
    () =>
      withRefetch(result, {
        session,
        markdown,
        setVisibility,
        updateSession,
        deleteSession,
        isMutating: mutation.isMutating,
      }),
    [result, session, markdown, setVisibility, updateSession, deleteSession, mutation.isMutating],
  );
}

/** Options of {@link useMessages}. */
export interface UseMessagesOptions {
  sessionId: string | null | undefined;
  limit?: number;
  page?: number;
  role?: MessagesRecord['role'];
  /** Messages whose text contains this. */
  search?: string;
  realtime?: boolean;
}

/** A page of a session's messages (oldest first) with their parts. */
export function useMessages(options: UseMessagesOptions) {
  const { sessionId, limit = 50, page = 1, role, search } = options;
  const conditions = [filter('session = {:s}', { s: sessionId ?? '' })];
  if (role) conditions.push(filter('role = {:r}', { r: role }));
  if (search) conditions.push(filter('textContent ~ {:q}', { q: search }));
  const where = conditions.join(' && ');
  const key = sessionId ? `opensync:messages:${JSON.stringify([where, limit, page])}` : null;
  const result = useLiveValue(key, ['messages', 'parts'], async (r) => {
    const list = (await r
      .collection('messages')
      .getList(page, limit, { filter: where, sort: 'created,id' })) as ListResult<MessagesRecord>;
    return { ...list, items: await withParts(r, list.items) } as ListResult<MessageWithParts>;
  });
  const data = result.data;
  return useMemo(
    () =>
      withRefetch(result, {
        messages: data?.items ?? [],
        total: data?.totalItems ?? 0,
        totalPages: data?.totalPages ?? 0,
        page,
      }),
    [result, data, page],
  );
}

/** A public session by its share slug: from the replica when it holds it, else from the server. */
export function usePublicSession(options: { slug: string | null | undefined; url?: string }) {
  const { slug } = options;
  const context = useOptionalReplicaContext();
  const local = useLiveValue(
    slug && context ? `opensync:public:${slug}` : null,
    ['sessions', 'messages', 'parts'],
    async (r) => {
      const found = (await r.collection('sessions').getList(1, 1, {
        filter: filter('publicSlug = {:slug} && isPublic = true', { slug: slug! }),
        skipTotal: true,
      })) as ListResult<SessionsRecord>;
      return found.items[0] ? loadSession(r, found.items[0].id) : null;
    },
  );
  // Not in the replica (or no replica at all: a guest's view): the server's copy, asked once.
  const base = options.url ?? context?.url ?? null;
  const missing = !!slug && !local.isLoading && !local.data;
  const remote = usePublicFromServer(missing ? slug! : null, base);
  return {
    session: local.data ?? remote?.session ?? null,
    isLoading: !!slug && (local.isLoading || (missing && !remote && !!base)),
    error: local.error ?? remote?.error ?? null,
    /** Where the session came from. */
    origin: local.data ? ('replica' as const) : remote?.session ? ('server' as const) : null,
  };
}

type Fetched = { session: SessionWithMessages | null; error: Error | null };

// GET /api/opensync/public/{slug} (pocketbase/pb_hooks): null until answered; a 404 is no session.
function usePublicFromServer(slug: string | null, base: string | null): Fetched | null {
  const [answer, setAnswer] = useState<{ key: string; value: Fetched } | null>(null);
  const key = slug && base ? `${base}|${slug}` : null;
  useEffect(() => {
    if (!key || answer?.key === key) return;
    const address = `${base!.replace(/\/$/, '')}/api/opensync/public/${encodeURIComponent(slug!)}`;
    const settle = (value: Fetched) => setAnswer({ key, value });
    fetch(address)
      .then(async (response) => {
        if (response.status === 404) return settle({ session: null, error: null });
        if (!response.ok) throw new Error(`the server answered ${response.status}`);
        settle({ session: (await response.json()) as SessionWithMessages, error: null });
      })
      .catch((error: unknown) =>
        settle({ session: null, error: error instanceof Error ? error : new Error(String(error)) }),
      );
  }, [key, answer, base, slug]);
  return key && answer?.key === key ? answer.value : null;
}
