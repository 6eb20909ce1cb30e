// Where useSyncStatus reads from: a ReplicaClient reports its runtime status itself; a replica in
// this thread (Node, tests, an app without a worker) gets one from its Sync here.
import type { Unsubscribe } from '../live-queries.js';
import type { Replica } from '../replica.js';
import type { RuntimeStatus, StorageStatus } from '../runtime/protocol.js';
import { SyncTracker } from '../runtime/sync-status.js';
import type { Sync } from '../sync/sync.js';

/** A replica's status and its changes (ReplicaClient is one). */
export interface StatusSource {
  readonly status: RuntimeStatus;
  onStatus(listener: (status: RuntimeStatus) => void): Unsubscribe;
}

export function isStatusSource(value: unknown): value is StatusSource {
  return typeof (value as StatusSource | null)?.onStatus === 'function' && 'status' in (value as object);
}

/**
 * The status of a replica in this thread and its sync (or none): what useSyncStatus shows for a
 * replica opened with openReplica. Call `stop()` when done.
 */
export function localStatus(
  replica: Replica,
  options: { sync?: Sync | null; storage?: StorageStatus } = {},
): StatusSource & { stop(): void } {
  const listeners = new Set<(status: RuntimeStatus) => void>();
  const storage: StorageStatus = options.storage ?? { kind: 'memory', persisted: false };
  let status: RuntimeStatus = { role: 'leader', tabs: 1, storage, sync: null };
  const tracker = new SyncTracker(replica, () => {
    status = { ...status, sync: { ...tracker.state } };
    for (const listener of listeners) listener(status);
  });
  if (options.sync) tracker.follow(options.sync);
  const stopChanges = replica.onChange(() => tracker.changed());
  tracker.changed();
  return {
    get status() {
      return status;
    },
    onStatus(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    stop() {
      stopChanges();
      tracker.stop();
    },
  };
}
