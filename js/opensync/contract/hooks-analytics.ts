// useAnalytics and useEvals as OpenSync's pages use them, from the replica. Both read the user's
// sessions once per change and compute the rest in memory (source, days, tags and limit filter
// without a new read, as the originals).
import { useCallback, useMemo } from 'react';

import { filter } from '../../filter.js';
import { useReplica } from '../../react/provider.js';
import type { ReplicaSource } from '../../source.js';
import { epochMs, errorText, orUndefined, perRecord } from './convert.js';
import { evalExport } from './eval-export.js';
import { messagesOf, sessionsOf } from './load.js';
import type { Session } from './records.js';
import { useHookValue } from './state.js';
import {
  dailyStats,
  evalStats,
  modelStats,
  projectStats,
  providerStats,
  sourceStats,
  summaryStats,
} from './stats.js';
import type {
  EvalSession,
  ExportFormat,
  ExportOptions,
  UseAnalyticsOptions,
  UseAnalyticsResult,
  UseEvalsOptions,
  UseEvalsResult,
} from './types.js';

/** The session fields the statistics read (a narrower read for heavy users). */
const STAT_FIELDS =
  'id,created,updated,source,model,provider,projectName,projectPath,promptTokens,completionTokens,totalTokens,cost,durationMs,messageCount';

const userFilter = (userId: string | undefined) => (userId ? filter('user = {:u}', { u: userId }) : '');

/** The dashboard's statistics; `source` and `days` recompute without a new read. */
export function useAnalytics(options: UseAnalyticsOptions = {}): UseAnalyticsResult {
  const { source, days = 30, userId } = options;
  const value = useHookValue(
    JSON.stringify(['analytics', userId ?? '']),
    ['sessions'],
    (r) =>
      sessionsOf(r).getFullList({ filter: userFilter(userId), sort: '-created,id', fields: STAT_FIELDS }),
    'Failed to fetch sessions for analytics',
  );
  const all = value.data as Session[] | undefined;
  return useMemo(() => {
    const filtered = all && (source ? all.filter((s) => (s.source || 'opencode') === source) : all);
    return {
      summaryStats: filtered ? summaryStats(filtered) : undefined,
      dailyStats: filtered ? dailyStats(filtered, days, Date.now()) : [],
      modelStats: filtered ? modelStats(filtered) : [],
      projectStats: filtered ? projectStats(filtered) : [],
      providerStats: filtered ? providerStats(filtered) : [],
      sourceStats: all ? sourceStats(all) : [],
      isLoading: value.isLoading,
      error: value.error,
      refetch: value.refetch,
    };
  }, [all, source, days, value]);
}

/** An eval session as useEvals lists it: no source default, no provider inference. */
export function evalSession(s: Session): EvalSession {
  return {
    id: s.id,
    externalId: s.externalId,
    title: orUndefined(s.title),
    projectPath: orUndefined(s.projectPath),
    projectName: orUndefined(s.projectName),
    model: orUndefined(s.model),
    provider: orUndefined(s.provider),
    source: orUndefined(s.source),
    totalTokens: s.totalTokens || 0,
    cost: s.cost || 0,
    messageCount: s.messageCount || 0,
    evalReady: s.evalReady,
    reviewedAt: orUndefined(s.reviewedAt),
    evalNotes: orUndefined(s.evalNotes),
    evalTags: orUndefined(s.evalTags),
    createdAt: epochMs(s.created),
    updatedAt: epochMs(s.updated),
  };
}
const evalSessionOf = perRecord(evalSession);

// A failed write rejects with a plain Error carrying the message (as the original).
async function plainErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new Error(errorText(error, 'Failed to update session'));
  }
}

/** Eval-ready sessions (at most 1000, newest updated first), their counts, edits and exports. */
export function useEvals(options: UseEvalsOptions = {}): UseEvalsResult {
  const { source, limit, userId } = options;
  const tagKey = JSON.stringify(options.tags ?? []);
  const replica = useReplica();
  const value = useHookValue(
    JSON.stringify(['evals', userId ?? '']),
    ['sessions'],
    async (r) => {
      const where = ['evalReady = true', userFilter(userId)].filter(Boolean).join(' && ');
      return (await sessionsOf(r).getList(1, 1000, { filter: where, sort: '-updated,id', skipTotal: true }))
        .items;
    },
    'Failed to fetch eval sessions',
  );
  const fetched = value.data;
  const { evalSessions, allTags } = useMemo(() => {
    const tags = JSON.parse(tagKey) as string[];
    const all = (fetched ?? []).map(evalSessionOf);
    let chosen = source ? all.filter((s) => s.source === source) : all;
    if (tags.length > 0) chosen = chosen.filter((s) => s.evalTags?.some((t) => tags.includes(t)));
    if (limit !== undefined) chosen = chosen.slice(0, limit);
    const allTags = [...new Set(all.flatMap((s) => s.evalTags ?? []))].sort();
    return { evalSessions: chosen, allTags };
  }, [fetched, source, tagKey, limit]);
  const write = useCallback(
    (id: string, patch: Partial<Session>) =>
      plainErrors(async () => {
        if (!replica) throw new Error('pocketlite: the replica is not connected yet');
        await sessionsOf(replica).update(id, patch);
      }),
    [replica],
  );
  const setEvalReady = useCallback(
    (id: string, evalReady: boolean, notes?: string, tags?: string[]) =>
      write(id, {
        evalReady,
        reviewedAt: evalReady ? new Date().toISOString() : '',
        ...(notes !== undefined ? { evalNotes: notes } : {}),
        ...(tags !== undefined ? { evalTags: tags } : {}),
      }),
    [write],
  );
  const updateEvalNotes = useCallback(
    (id: string, notes: string) => write(id, { evalNotes: notes }),
    [write],
  );
  const updateEvalTags = useCallback((id: string, tags: string[]) => write(id, { evalTags: tags }), [write]);
  const generateExport = useCallback(
    (ids: string[] | 'all', format: ExportFormat, exportOptions: ExportOptions) =>
      plainErrors(async () => {
        const chosen = ids === 'all' ? evalSessions : evalSessions.filter((s) => ids.includes(s.id));
        if (chosen.length === 0) throw new Error('No sessions found for export');
        if (!replica) throw new Error('pocketlite: the replica is not connected yet');
        const conversations = [];
        for (const session of chosen)
          conversations.push({ session, messages: await conversation(replica, session.id) });
        return evalExport(conversations, format, exportOptions);
      }),
    [evalSessions, replica],
  );
  return useMemo(
    () => ({
      evalSessions,
      stats: evalStats(evalSessions),
      allTags,
      isLoading: value.isLoading,
      error: value.error,
      refetch: value.refetch,
      setEvalReady,
      updateEvalNotes,
      updateEvalTags,
      generateExport,
    }),
    [evalSessions, allTags, value, setEvalReady, updateEvalNotes, updateEvalTags, generateExport],
  );
}

// A session's messages for an eval export (the first 1000, by `created`).
async function conversation(r: ReplicaSource, sessionId: string) {
  const list = await messagesOf(r).getList(1, 1000, {
    filter: filter('session = {:s}', { s: sessionId }),
    sort: 'created,id',
    skipTotal: true,
  });
  return list.items;
}
