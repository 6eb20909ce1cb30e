// useSearchSessions and useSearchMessages as OpenSync's Context page uses them: PocketBase's `~`
// (one case-insensitive substring match of the whole trimmed query, evaluated by the replica's
// filter engine exactly as the server does), newest first, numeric offset cursors.
import { useMemo } from 'react';

import { filter } from '../../filter.js';
import type { ReplicaSource } from '../../source.js';
import { epochMs, inferProvider, messageFields, orUndefined, perRecord } from './convert.js';
import { messagesOf, sessionsOf } from './load.js';
import type { MessageRecord, Session } from './records.js';
import { useHookValue } from './state.js';
import type {
  MessageSearchResult,
  SessionSearchResult,
  UseSearchMessagesOptions,
  UseSearchMessagesResult,
  UseSearchSessionsOptions,
  UseSearchSessionsResult,
} from './types.js';

/** The next page's offset, or null after the last page. */
const nextCursor = (cursor: number, limit: number, total: number) =>
  cursor + limit < total ? cursor + limit : null;

function sessionResult(s: Session): SessionSearchResult {
  return {
    id: s.id,
    externalId: s.externalId,
    title: orUndefined(s.title),
    projectPath: orUndefined(s.projectPath),
    projectName: orUndefined(s.projectName),
    model: orUndefined(s.model),
    provider: inferProvider(s),
    source: s.source || 'opencode',
    totalTokens: s.totalTokens || 0,
    cost: s.cost || 0,
    isPublic: s.isPublic || false,
    messageCount: s.messageCount || 0,
    summary: orUndefined(s.summary),
    createdAt: epochMs(s.created),
    updatedAt: epochMs(s.updated),
  };
}
const sessionResultOf = perRecord(sessionResult);

/** Sessions whose searchable text contains the query (all, newest updated first, when it is empty). */
export function useSearchSessions(options: UseSearchSessionsOptions): UseSearchSessionsResult {
  const { limit = 20, cursor = 0, userId } = options;
  const query = options.query.trim();
  const where = [
    userId ? filter('user = {:u}', { u: userId }) : '',
    query ? filter('searchableText ~ {:q}', { q: query }) : '',
  ]
    .filter(Boolean)
    .join(' && ');
  const page = Math.floor(cursor / limit) + 1;
  const value = useHookValue(
    JSON.stringify(['search-sessions', where, limit, page]),
    ['sessions'],
    (r) => sessionsOf(r).getList(page, limit, { filter: where, sort: '-updated,id' }),
    'Failed to search sessions',
  );
  const list = value.error ? undefined : value.data;
  return useMemo(
    () => ({
      sessions: (list?.items ?? []).map(sessionResultOf),
      nextCursor: list ? nextCursor(cursor, limit, list.totalItems) : null,
      total: list?.totalItems ?? 0,
      isLoading: value.isLoading,
      error: value.error,
      refetch: value.refetch,
    }),
    [list, cursor, limit, value],
  );
}

// The messages' sessions' title and project (one read).
async function withSessions(r: ReplicaSource, messages: MessageRecord[]): Promise<MessageSearchResult[]> {
  const ids = [...new Set(messages.map((m) => m.session))];
  const sessions = ids.length
    ? await sessionsOf(r).getFullList({
        filter: ids.map((id) => filter('id = {:id}', { id })).join(' || '),
        fields: 'id,title,projectPath,projectName',
      })
    : [];
  const byId = new Map(sessions.map((s) => [s.id, s]));
  return messages.map((m) => {
    const s = byId.get(m.session);
    return {
      id: m.id,
      sessionId: m.session,
      externalId: m.externalId,
      role: m.role,
      ...messageFields(m),
      sessionTitle: orUndefined(s?.title),
      projectPath: orUndefined(s?.projectPath),
      projectName: orUndefined(s?.projectName),
    };
  });
}

/**
 * Messages whose text contains the query, newest first; a blank query finds nothing. Paged by
 * offset with the real total (the original's cursor never advanced without `userId`, and skipped
 * rows with it).
 */
export function useSearchMessages(options: UseSearchMessagesOptions): UseSearchMessagesResult {
  const { limit = 20, cursor = 0, userId, sessionId } = options;
  const query = options.query.trim();
  const where = [
    sessionId ? filter('session = {:s}', { s: sessionId }) : '',
    userId && !sessionId ? filter('session.user = {:u}', { u: userId }) : '',
    filter('textContent ~ {:q}', { q: query }),
  ]
    .filter(Boolean)
    .join(' && ');
  const page = Math.floor(cursor / limit) + 1;
  const value = useHookValue(
    query ? JSON.stringify(['search-messages', where, limit, page]) : null,
    ['messages', 'sessions'],
    async (r) => {
      const list = await messagesOf(r).getList(page, limit, { filter: where, sort: '-created,id' });
      return { total: list.totalItems, messages: await withSessions(r, list.items) };
    },
    'Failed to search messages',
  );
  const data = query && !value.error ? value.data : undefined;
  return useMemo(
    () => ({
      messages: data?.messages ?? [],
      nextCursor: data ? nextCursor(cursor, limit, data.total) : null,
      total: data?.total ?? 0,
      isLoading: value.isLoading,
      error: value.error,
      refetch: value.refetch,
    }),
    [data, cursor, limit, value],
  );
}
