// useUser and useBulkOperations as OpenSync's pages use them, on the replica: the signed-in
// user's record, stats and account actions, and bulk exports and deletes with progress. Deletes
// are local writes (the session's messages and parts go with it, here and on the server).
import { useCallback, useMemo, useState } from 'react';

import { filter } from '../../filter.js';
import { useOptionalReplicaContext } from '../../react/provider.js';
import type { ReplicaSource } from '../../source.js';
import { bulkExport, type ExportedSession } from './bulk-export.js';
import { epochMs, errorText } from './convert.js';
import { orNull, sessionRecords, sessionsOf, usersOf } from './load.js';
import { userStats } from './stats.js';
import { useHookValue } from './state.js';
import type {
  BulkExportFormat,
  BulkOperationProgress,
  DeleteResult,
  UseBulkOperationsOptions,
  UseBulkOperationsResult,
  UseUserOptions,
  UseUserResult,
} from './types.js';

const NOT_FOUND = "The requested resource wasn't found.";

function connected(replica: ReplicaSource | null): ReplicaSource {
  if (!replica) throw new Error('pocketlite: the replica is not connected yet');
  return replica;
}

/** An API key: "os_" and 32 lowercase hex characters (16 random bytes). */
export function newApiKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `os_${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

// Counts of what deleting a user's data removes, by the collections this replica has.
async function dataCounts(r: ReplicaSource, userId: string): Promise<DeleteResult['counts']> {
  const count = async (collection: string, where: string) => {
    try {
      return await r.collection(collection).count(filter(where, { u: userId }));
    } catch {
      return 0; // a collection this replica (or server) does not have
    }
  };
  return {
    sessions: await count('sessions', 'user = {:u}'),
    messages: await count('messages', 'session.user = {:u}'),
    parts: await count('parts', 'message.session.user = {:u}'),
    embeddings:
      (await count('sessionEmbeddings', 'user = {:u}')) + (await count('messageEmbeddings', 'user = {:u}')),
    apiLogs: await count('apiLogs', 'user = {:u}'),
  };
}

// Deletes every record of `collection` matching `where`, one local write each.
async function deleteWhere(r: ReplicaSource, collection: string, where: string): Promise<void> {
  let records: Array<{ id: string }>;
  try {
    records = await r.collection(collection).getFullList({ filter: where, fields: 'id' });
  } catch {
    return; // no such collection here
  }
  for (const { id } of records) await orNull(r.collection(collection).delete(id));
}

/** The signed-in user's record (the replica's user unless `userId`), stats and account actions. */
export function useUser(options: UseUserOptions = {}): UseUserResult {
  const context = useOptionalReplicaContext();
  const userId = options.userId || context?.userId || null;
  const replica = context?.replica ?? null;
  const skipStats = !!options.skipStats;
  const user = useHookValue(
    userId ? JSON.stringify(['user', userId]) : null,
    ['users'],
    (r) => orNull(usersOf(r).getOne(userId!)),
    'Failed to fetch user',
  );
  const stats = useHookValue(
    userId && !skipStats ? JSON.stringify(['user-stats', userId]) : null,
    ['sessions'],
    async (r) =>
      userStats(
        await sessionsOf(r).getFullList({
          filter: filter('user = {:u}', { u: userId! }),
          fields: 'id,messageCount,totalTokens,cost,durationMs,model,provider',
        }),
      ),
    'Failed to fetch stats',
  );
  const requireUser = useCallback(() => {
    if (!userId) throw new Error('User not authenticated');
    return { r: connected(replica), id: userId };
  }, [userId, replica]);
  const patch = useCallback(
    async (data: Record<string, unknown>) => {
      const { r, id } = requireUser();
      await usersOf(r).update(id, data);
    },
    [requireUser],
  );
  const generateApiKey = useCallback(async () => {
    const apiKey = newApiKey();
    await patch({ apiKey, apiKeyCreatedAt: Date.now() });
    return apiKey;
  }, [patch]);
  const revokeApiKey = useCallback(() => patch({ apiKey: '', apiKeyCreatedAt: 0 }), [patch]);
  const updateEnabledAgents = useCallback((agents: string[]) => patch({ enabledAgents: agents }), [patch]);
  const deleteAllData = useCallback(async (): Promise<DeleteResult> => {
    const { r, id } = requireUser();
    const counts = await dataCounts(r, id);
    const mine = filter('user = {:u}', { u: id });
    for (const collection of ['sessionEmbeddings', 'messageEmbeddings', 'sessions', 'apiLogs'])
      await deleteWhere(r, collection, mine);
    return { deleted: true, counts };
  }, [requireUser]);
  const deleteAccount = useCallback(async () => {
    try {
      await deleteAllData();
      const { r, id } = requireUser();
      await usersOf(r).delete(id);
      return { deleted: true };
    } catch (error) {
      return { deleted: false, error: errorText(error, 'Failed to delete account') };
    }
  }, [deleteAllData, requireUser]);
  const record = userId && !user.error ? (user.data ?? null) : null;
  const statsValue = userId && !skipStats ? (stats.data ?? null) : null;
  const refetchUser = user.refetch;
  const refetchStats = stats.refetch;
  return useMemo(
    () => ({
      user: record,
      hasApiKey: Boolean(record?.apiKey),
      enabledAgents: record?.enabledAgents || [],
      createdAt: record ? epochMs(record.created) : null,
      stats: statsValue,
      statsLoading: stats.isLoading,
      isLoading: user.isLoading,
      error: user.error,
      generateApiKey,
      revokeApiKey,
      updateEnabledAgents,
      deleteAllData,
      deleteAccount,
      refetch: async () => void (await Promise.all([refetchUser(), refetchStats()])),
    }),
    [
      record,
      statsValue,
      stats.isLoading,
      user.isLoading,
      user.error,
      generateApiKey,
      revokeApiKey,
      updateEnabledAgents,
      deleteAllData,
      deleteAccount,
      refetchUser,
      refetchStats,
    ],
  );
}

/** Bulk exports and deletes of sessions, one by one, with progress. */
export function useBulkOperations(options: UseBulkOperationsOptions = {}): UseBulkOperationsResult {
  const replica = useOptionalReplicaContext()?.replica ?? null;
  const [processing, setProcessing] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const { onProgress } = options;
  const progress = useCallback((p: BulkOperationProgress) => onProgress?.(p), [onProgress]);
  const exportSessions = useCallback(
    async (ids: string[], format: BulkExportFormat) => {
      if (ids.length === 0) throw new Error('No sessions selected for export');
      setProcessing((n) => n + 1);
      setError(null);
      try {
        const r = connected(replica);
        progress({ operation: 'fetching', current: 0, total: ids.length });
        const read: ExportedSession[] = [];
        for (const [i, sessionId] of ids.entries()) {
          progress({ operation: 'fetching', current: i, total: ids.length, sessionId });
          const found = await sessionRecords(r, sessionId);
          if (!found) throw new Error(NOT_FOUND);
          read.push(format === 'csv' ? { ...found, parts: new Map() } : found);
        }
        return bulkExport(read, format);
      } catch (caught) {
        const message = errorText(caught, 'Failed to export sessions');
        setError(message);
        throw new Error(message);
      } finally {
        setProcessing((n) => n - 1);
      }
    },
    [replica, progress],
  );
  const deleteMultipleSessions = useCallback(
    async (ids: string[]) => {
      if (ids.length === 0) return { deleted: 0, failed: [], durationMs: 0 };
      const started = Date.now();
      setProcessing((n) => n + 1);
      setError(null);
      const failed: string[] = [];
      let deleted = 0;
      for (const [i, sessionId] of ids.entries()) {
        progress({ operation: 'deleting', current: i, total: ids.length, sessionId });
        try {
          const r = connected(replica);
          if (await orNull(sessionsOf(r).delete(sessionId))) deleted++;
          else failed.push(sessionId);
        } catch {
          failed.push(sessionId);
        }
      }
      if (failed.length > 0) setError(`Failed to delete ${failed.length} of ${ids.length} sessions`);
      setProcessing((n) => n - 1);
      return { deleted, failed, durationMs: Date.now() - started };
    },
    [replica, progress],
  );
  const clearError = useCallback(() => setError(null), []);
  return { deleteMultipleSessions, exportSessions, isProcessing: processing > 0, error, clearError };
}
