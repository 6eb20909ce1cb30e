// useSyncStatus: what a sync badge shows, from the provider's status source.
import { useCallback, useMemo, useSyncExternalStore } from 'react';

import type { OutboxEntry } from '../model.js';
import type { RuntimeStatus, StorageStatus } from '../runtime/protocol.js';
import type { SyncProgress } from '../sync/context.js';
import type { ServerCapabilities, SyncProblem } from '../sync/health.js';
import { useLiveValue } from './live.js';
import { useReplicaContext } from './provider.js';
import { ENGINE } from '../wasm/constants.js';

/** What a progress bar shows of a pull: the whole pass when its size is known, else the collection. */
function initialSync(progress: SyncProgress): NonNullable<SyncStatusView['initialSync']> {
  const { collection, done, total, overall } = progress;
  return {
    collection,
    done,
    total,
    recordsDone: overall?.done ?? done,
    recordsTotal: overall?.total ?? -1,
    fraction: overall && overall.total > 0 ? overall.fraction : total > 0 ? Math.min(1, done / total) : 0,
    etaMs: overall?.etaMs ?? null,
  };
}

/** A replica's sync as a UI shows it. */
export interface SyncStatusView {
  /** This tab leads (holds the database), follows, or is connecting. */
  role: RuntimeStatus['role'];
  tabs: number;
  /** The sync's state: starting, syncing, live, polling, error, offline, paused, stopped, or off. */
  status: string;
  /** Why it is paused or offline. */
  reason: string | null;
  /** The browser is online and the sync is not offline. */
  online: boolean;
  /** The realtime connection is up (changes arrive as they happen). */
  connected: boolean;
  /**
   * While a sync pulls: the collection being pulled (`done` of `total` records), and the whole
   * pass on an initial sync: `recordsDone` of `recordsTotal` records in all collections (-1 when
   * unknown), `fraction` of the whole weighted by each collection's record size (of the
   * collection when the whole is unknown), and `etaMs`, the estimated time left by the same
   * weights (null until it can be estimated).
   */
  initialSync: {
    collection: string;
    done: number;
    total: number;
    recordsDone: number;
    recordsTotal: number;
    fraction: number;
    etaMs: number | null;
  } | null;
  pending: number;
  failed: number;
  /** The refused writes, with the server's errors. */
  failedEntries: OutboxEntry[];
  storage: StorageStatus | null;
  lastError: string | null;
  /** What keeps data from syncing, by collection and field (status 'error' while one is an error). */
  problems: SyncProblem[];
  /** What the server offers (batch, tombstones, missing collections), once known. */
  capabilities: ServerCapabilities | null;
  retry(seq: number): Promise<void>;
  discard(seq: number): Promise<void>;
}

const NO_PROBLEMS: SyncProblem[] = [];
const NO_STATUS: RuntimeStatus = { role: 'connecting', tabs: 0, storage: null, sync: null };
const noSubscription = () => () => {};

function subscribeOnline(listener: () => void) {
  globalThis.addEventListener?.('online', listener);
  globalThis.addEventListener?.('offline', listener);
  return () => {
    globalThis.removeEventListener?.('online', listener);
    globalThis.removeEventListener?.('offline', listener);
  };
}
const browserOnline = () => globalThis.navigator?.onLine ?? true;

/** The sync status of the provider's replica; re-renders only when it changes. */
export function useSyncStatus(): SyncStatusView {
  const { replica, status: source } = useReplicaContext();
  const subscribe = useCallback(
    (listener: () => void) => (source ? source.onStatus(listener) : noSubscription()),
    [source],
  );
  const status = useSyncExternalStore(
    subscribe,
    () => source?.status ?? NO_STATUS,
    () => source?.status ?? NO_STATUS,
  );
  const online = useSyncExternalStore(subscribeOnline, browserOnline, () => true);
  const failed = status.sync?.failed ?? 0;
  const entries = useLiveValue(`failed-outbox:${failed > 0}`, [ENGINE.outboxTable], (r) =>
    failed > 0 ? r.outbox('failed') : Promise.resolve([]),
  );
  return useMemo(() => {
    const sync = status.sync;
    const progress = sync?.progress;
    const syncing = sync?.status === 'syncing' || sync?.status === 'starting';
    return {
      role: status.role,
      tabs: status.tabs,
      status: sync?.status ?? (status.role === 'connecting' ? 'connecting' : 'off'),
      reason: sync?.reason ?? null,
      online: online && sync?.status !== 'offline',
      connected: sync?.status === 'live',
      initialSync: progress && syncing ? initialSync(progress) : null,
      pending: sync?.pending ?? 0,
      failed,
      failedEntries: entries.data ?? [],
      storage: status.storage,
      lastError: sync?.lastError ?? null,
      problems: sync?.problems ?? NO_PROBLEMS,
      capabilities: sync?.capabilities ?? null,
      retry: (seq: number) => replica?.retryFailed(seq) ?? Promise.resolve(),
      discard: (seq: number) => replica?.discardFailed(seq) ?? Promise.resolve(),
    };
  }, [status, online, failed, entries.data, replica]);
}
