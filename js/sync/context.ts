import type { EngineConnection } from '../engine/engine.js';
import type { FieldConflict } from '../model.js';
import type { SyncHealth } from './health.js';
import type { RequestTarget } from './http.js';
import type { SyncLogger } from './logger.js';

/** Counters the app and the demo can show. */
export interface SyncMetrics {
  eventsReceived: number;
  eventsApplied: number;
  eventsDuplicate: number;
  eventsFailed: number;
  pagesPulled: number;
  recordsPulled: number;
  outboxSent: number;
  outboxRetried: number;
  outboxFailed: number;
  /** Server records refused because they do not fit the replica's schema (see Sync.problems). */
  recordsRejected: number;
  /** Requests spent finding server deletes: tombstone pages, or without them count comparisons and id pages. */
  deleteCheckRequests: number;
  /** Last successful pull per collection (ms since the epoch). */
  lastSyncAt: Record<string, number>;
}

export function emptyMetrics(): SyncMetrics {
  return {
    eventsReceived: 0,
    eventsApplied: 0,
    eventsDuplicate: 0,
    eventsFailed: 0,
    pagesPulled: 0,
    recordsPulled: 0,
    outboxSent: 0,
    outboxRetried: 0,
    outboxFailed: 0,
    recordsRejected: 0,
    deleteCheckRequests: 0,
    lastSyncAt: {},
  };
}

/** A problem the sync met and went on from: which part, which record and field, and why. */
export interface SyncErrorEvent {
  kind: 'pull' | 'apply' | 'push' | 'realtime' | 'auth' | 'reconcile' | 'schema';
  collection?: string;
  id?: string;
  field?: string;
  message: string;
  error: { status?: number; message?: string; data?: Record<string, unknown> };
}

/**
 * Pull progress: of the collection being pulled (`total` is an estimate, -1 when unknown) and,
 * on an initial sync, of the whole pass: records pulled in all collections of the records the
 * server said it would send (`total` -1 when unknown), and the estimated time left.
 */
export interface SyncProgress {
  collection: string;
  done: number;
  total: number;
  /**
   * The whole pass on an initial sync: records `done` of `total` (-1 when unknown), the
   * `fraction` done weighted by each collection's record size, and the estimated time left.
   */
  overall?: { done: number; total: number; fraction: number; etaMs: number | null };
}

/** Picks the value a field keeps when both sides changed it; `undefined` keeps the local value. */
export type ConflictResolver = (conflict: FieldConflict) => unknown;

/** What the sync's parts share. @internal */
export interface SyncRuntime extends RequestTarget {
  engine: EngineConnection;
  logger: SyncLogger;
  metrics: SyncMetrics;
  health: SyncHealth;
  perPage: number;
  timeoutMs: number;
  resolvers: Record<string, ConflictResolver>;
  emitError(event: SyncErrorEvent): void;
  emitProgress(progress: SyncProgress): void;
  /** Queues a local write (a conflict resolution). */
  writeLocal(collection: string, id: string, patch: Record<string, unknown>): Promise<void>;
}
