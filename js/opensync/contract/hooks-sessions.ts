// useSessions, useSession, useMessages and usePublicSession as OpenSync's pages use them, read
// from the replica: live (a write anywhere shows at once), offline, and written through the
// outbox. Behaviour and shapes follow docs/opensync-hooks.md.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';

import { filter } from '../../filter.js';
import { useOptionalReplicaContext } from '../../react/provider.js';
import type { ReplicaSource } from '../../source.js';
import {
  displayPart,
  epochMs,
  errorText,
  inferProvider,
  messageFields,
  orUndefined,
  perRecord,
  sessionItem,
  sessionMessage,
} from './convert.js';
import { loadSessionWithMessages, messagesOf, partsByMessage, sessionsOf } from './load.js';
import { sessionMarkdown } from './markdown.js';
import type { MessageRecord, PartRecord, Session, UpdateSessionInput } from './records.js';
import { useHookValue } from './state.js';
import type {
  PublicSessionData,
  SessionWithMessages,
  UseMessagesOptions,
  UseMessagesResult,
  UsePublicSessionOptions,
  UsePublicSessionResult,
  UseSessionOptions,
  UseSessionResult,
  UseSessionsOptions,
  UseSessionsResult,
} from './types.js';

/** A list's records as the contract's items, each converted once (memoised rows stay). */
const sessionItemOf = perRecord(sessionItem);

/** The filter of useSessions' options (every value bound). */
export function sessionsFilter(
  options: Pick<UseSessionsOptions, 'source' | 'model' | 'project' | 'userId'>,
): string {
  const parts: string[] = [];
  if (options.userId) parts.push(filter('user = {:u}', { u: options.userId }));
  if (options.source === 'opencode') parts.push('(source = "opencode" || source = "")');
  else if (options.source) parts.push(filter('source = {:s}', { s: options.source }));
  if (options.model) parts.push(filter('model = {:m}', { m: options.model }));
  if (options.project)
    parts.push(filter('(projectName = {:p} || projectPath = {:p})', { p: options.project }));
  return parts.join(' && ');
}

/** A page of sessions: filters, sort, and the provider filter applied to the page. */
export function useSessions(options: UseSessionsOptions = {}): UseSessionsResult {
  const { limit = 100, page = 1, sortBy = 'updated', sortOrder = 'desc', provider } = options;
  const where = sessionsFilter(options);
  const sort = `${sortOrder === 'desc' ? '-' : ''}${sortBy},id`;
  const perPage = Math.min(1000, Math.max(1, limit));
  const value = useHookValue(
    JSON.stringify(['sessions', where, sort, perPage, page]),
    ['sessions'],
    async (r) => sessionsOf(r).getList(page, perPage, { filter: where, sort }),
    'Failed to fetch sessions',
  );
  const list = value.data;
  return useMemo(() => {
    const items = (list?.items ?? []).map(sessionItemOf);
    return {
      sessions: provider ? items.filter((s) => s.provider === provider) : items,
      total: list?.totalItems ?? 0,
      totalPages: list?.totalPages ?? 0,
      page,
      isLoading: value.isLoading,
      error: value.error,
      refetch: value.refetch,
    };
  }, [list, provider, page, value]);
}

/** A slug for a shared link: 10 characters of nanoid's URL-safe alphabet. */
export function publicSlug(): string {
  const alphabet = 'useandom-26T198340PX75pxJACKVERYMINDBUSHWOLF_GQZbfghjklqvwyzrict';
  return Array.from(crypto.getRandomValues(new Uint8Array(10)), (b) => alphabet[b & 63]).join('');
}

/** One session with its messages, its Markdown, and its edits. */
export function useSession(options: UseSessionOptions): UseSessionResult {
  const id = options.sessionId || null;
  const context = useOptionalReplicaContext();
  const value = useHookValue(
    id ? JSON.stringify(['session', id]) : null,
    ['sessions', 'messages', 'parts'],
    (r) => loadSessionWithMessages(r, id!),
    'Failed to fetch session',
  );
  const [mutations, setMutations] = useState(0);
  const [deleted, setDeleted] = useState<string | null>(null);
  // A missing session reads as the server's 404 would.
  const notFound = value.settled && value.data === null && !value.error;
  const session = !id || value.error || notFound || deleted === id ? null : (value.data ?? null);
  const replica = context?.replica ?? null;
  const mutate = useCallback(
    async <T>(what: string, work: (r: ReplicaSource, id: string) => Promise<T>): Promise<T> => {
      if (!id) throw new Error(`Cannot ${what}: no session loaded`);
      if (!replica) throw new Error('pocketlite: the replica is not connected yet');
      setMutations((n) => n + 1);
      try {
        return await work(replica, id);
      } finally {
        setMutations((n) => n - 1);
      }
    },
    [id, replica],
  );
  const slug = session?.publicSlug || null;
  const setVisibility = useCallback(
    (isPublic: boolean) =>
      mutate('set visibility', async (r, sessionId) => {
        const next = slug || (isPublic ? publicSlug() : null);
        await sessionsOf(r).update(sessionId, { isPublic, publicSlug: next ?? '' });
        return { isPublic, publicSlug: next };
      }),
    [mutate, slug],
  );
  const updateSession = useCallback(
    (input: UpdateSessionInput) =>
      mutate(
        'update session',
        async (r, sessionId) => void (await sessionsOf(r).update(sessionId, { ...input })),
      ),
    [mutate],
  );
  const deleteSession = useCallback(
    () =>
      mutate('delete session', async (r, sessionId) => {
        await sessionsOf(r).delete(sessionId); // messages and parts go with it, here and on the server
        setDeleted(sessionId);
      }),
    [mutate],
  );
  const markdown = useMemo(() => (session ? sessionMarkdown(session, session.messages) : null), [session]);
  return useMemo(
    () => ({
      session,
      isLoading: value.isLoading,
      error: notFound ? "The requested resource wasn't found." : value.error,
      refetch: value.refetch,
      markdown,
      setVisibility,
      updateSession,
      deleteSession,
      isMutating: mutations > 0,
    }),
    [session, value, notFound, markdown, setVisibility, updateSession, deleteSession, mutations],
  );
}

/** A page of a session's messages (by `created`) with their parts. */
export function useMessages(options: UseMessagesOptions): UseMessagesResult {
  const { sessionId, limit = 500, page = 1, role, search } = options;
  const conditions = [filter('session = {:s}', { s: sessionId ?? '' })];
  if (role) conditions.push(filter('role = {:r}', { r: role }));
  if (search) conditions.push(filter('textContent ~ {:q}', { q: search }));
  const where = conditions.join(' && ');
  const perPage = Math.min(1000, Math.max(1, limit));
  const value = useHookValue(
    sessionId ? JSON.stringify(['messages', where, perPage, page]) : null,
    ['messages', 'parts'],
    async (r) => {
      const list = await messagesOf(r).getList(page, perPage, { filter: where, sort: 'created,id' });
      const parts = await partsByMessage(
        r,
        list.items.map((m) => m.id),
      );
      return {
        total: list.totalItems,
        totalPages: list.totalPages,
        messages: list.items.map((m) => ({
          id: m.id,
          role: m.role,
          ...messageFields(m),
          parts: (parts.get(m.id) ?? []).map(displayPart),
        })),
      };
    },
    'Failed to fetch messages',
  );
  const data = sessionId && !value.error ? value.data : undefined;
  return useMemo(
    () => ({
      messages: data?.messages ?? [],
      total: data?.total ?? 0,
      totalPages: data?.totalPages ?? 0,
      page,
      isLoading: value.isLoading,
      error: value.error,
      refetch: value.refetch,
    }),
    [data, page, value],
  );
}

/** The share page's shape of a session with its messages. */
function publicData(session: SessionWithMessages): PublicSessionData {
  return {
    session: {
      title: orUndefined(session.title),
      projectPath: orUndefined(session.projectPath),
      model: orUndefined(session.model),
      provider: inferProvider(session),
      totalTokens: session.totalTokens,
      createdAt: epochMs(session.created),
    },
    messages: session.messages.map((m) => ({
      _id: m.id,
      role: m.role,
      textContent: m.textContent,
      createdAt: m.createdAt,
      parts: m.parts,
    })),
  };
}

/** What the SDK says when a request does not reach the server, as the pages show it. */
const NETWORK_FAILURE = 'Something went wrong.';

/** What the public-session route answers: the session record, its messages with their parts. */
type RouteSession = Session & { messages: Array<MessageRecord & { parts: PartRecord[] }> };

type Answer = { data: PublicSessionData | null; error: string | null };

// GET /api/opensync/public/{slug} (pocketbase/pb_hooks/public_sessions.pb.js): undefined until
// answered; a 404 is "not found", not an error.
function usePublicRoute(base: string | null, slug: string | null, round: number): Answer | undefined {
  const key = base && slug ? `${base}|${slug}|${round}` : null;
  const [answer, setAnswer] = useState<{ key: string; value: Answer } | null>(null);
  useEffect(() => {
    if (!key) return;
    let current = true;
    const settle = (value: Answer) => current && setAnswer({ key, value });
    fetch(`${base!.replace(/\/$/, '')}/api/opensync/public/${encodeURIComponent(slug!)}`)
      .catch(() => Promise.reject(new Error(NETWORK_FAILURE)))
      .then(async (response) => {
        if (response.status === 404) return settle({ data: null, error: null });
        if (!response.ok) throw new Error(`the server answered ${response.status}`);
        const body = (await response.json()) as RouteSession;
        const item = sessionItem(body);
        const messages = body.messages.map((m) => sessionMessage(m, m.parts));
        settle({ data: publicData({ ...item, messages, session: item }), error: null });
      })
      .catch((error: unknown) => settle({ data: null, error: errorText(error, NETWORK_FAILURE) }));
    return () => void (current = false);
  }, [key, base, slug]);
  return answer && answer.key === key ? answer.value : undefined;
}

/**
 * A shared session by its slug: from the replica when it holds it (the owner, offline too), else
 * from the server's public-session route (guests included). `data` is undefined only before the
 * first answer, null when nothing is found; a new slug keeps the previous data until its answer.
 */
export function usePublicSession(
  options: UsePublicSessionOptions & { url?: string },
): UsePublicSessionResult {
  const slug = options.slug || null;
  const context = useOptionalReplicaContext();
  const local = useHookValue(
    slug && context ? JSON.stringify(['public', slug]) : null,
    ['sessions', 'messages', 'parts'],
    async (r) => {
      const found = await sessionsOf(r).getList(1, 1, {
        filter: filter('publicSlug = {:slug} && isPublic = true', { slug: slug! }),
        skipTotal: true,
      });
      const session = found.items[0] ? await loadSessionWithMessages(r, found.items[0].id) : null;
      return session ? publicData(session) : null;
    },
    'Failed to fetch public session',
  );
  const [round, setRound] = useState(0);
  const base = options.url ?? context?.url ?? null;
  const foundHere = local.settled && (local.data || local.error);
  const askServer = !!slug && !foundHere && (!context || local.settled);
  const remote = usePublicRoute(askServer ? base : null, slug, round);
  const answer: Answer | undefined = !slug
    ? { data: null, error: null }
    : foundHere
      ? { data: local.data ?? null, error: local.error }
      : askServer
        ? base
          ? remote
          : { data: null, error: null }
        : undefined;
  const kept = useRef<PublicSessionData | null | undefined>(undefined);
  if (answer) kept.current = answer.data;
  const refetch = local.refetch;
  return useMemo(
    () => ({
      data: kept.current,
      isLoading: answer === undefined,
      error: answer?.error ?? null,
      refetch: async () => {
        setRound((n) => n + 1);
        await refetch();
      },
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- kept.current follows answer
    [answer?.data, answer?.error, answer === undefined, refetch],
  );
}
