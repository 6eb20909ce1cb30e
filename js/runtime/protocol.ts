// The messages of the browser runtime: between a tab's main thread and its worker (the "host"),
// and between the hosts of one replica over a BroadcastChannel. Everything is structured-cloneable.
import type { SyncProgress } from '../sync/context.js';
import type { ServerCapabilities, SyncProblem } from '../sync/health.js';
import type { PocketliteErrorData } from '../engine/errors.js';
import type { ChangeRead, SearchIndex } from '../model.js';
import type { CollectionCall, ReplicaCall } from '../source.js';
import type { LiveQueryStats } from '../live-queries.js';
import type { SyncDiagnostics } from '../sync/sync.js';
import type { LocalIndexes } from '../local-indexes.js';

export { COLLECTION_CALLS, REPLICA_CALLS, type CollectionCall, type ReplicaCall } from '../source.js';

/** One request to the leader. `retry` marks a request re-sent after the leader changed. */
export type Call =
  | { kind: 'collection'; collection: string; method: CollectionCall; args: unknown[]; retry?: boolean }
  | { kind: 'replica'; method: ReplicaCall; args: unknown[]; retry?: boolean }
  | { kind: 'sync'; method: 'syncNow' | 'flush' | 'reconcile'; args: []; retry?: boolean }
  /** Stops the sync (the app works offline: writes queue) or starts it again. */
  | { kind: 'syncEnabled'; args: [boolean]; retry?: boolean }
  /** Deletes the replica everywhere: every tab's runtime closes. */
  | { kind: 'destroy'; args: []; retry?: boolean }
  /** What devtools show of the engine and the sync (an EngineInspection). */
  | { kind: 'inspect'; args: []; retry?: boolean };

/** The leader's live queries and its sync's diagnostics (null when it does not sync). */
export interface EngineInspection {
  liveQueries: LiveQueryStats[];
  sync: SyncDiagnostics | null;
}

/** A live query kept by the leader; its results are pushed to the tab that asked. */
export type Watch =
  | { kind: 'list'; collection: string; page: number; perPage: number; options: Record<string, unknown> }
  | { kind: 'one'; collection: string; id: string }
  | { kind: 'count'; collection: string; filter: string }
  | { kind: 'search'; collection: string; query: string; options: Record<string, unknown> }
  | { kind: 'rollup'; collection: string; name: string }
  /** Pushes `null` now and after each write changing what `reads` read (Replica.watchChanges). */
  | { kind: 'changes'; reads: ChangeRead[] };

/** How the replica stores its data in this browser, and what the browser allows. */
export interface StorageStatus {
  /** 'opfs' (durable at commit), 'indexeddb' (durable ms after commit) or 'memory' (nothing survives). */
  kind: 'opfs' | 'indexeddb' | 'memory';
  /** Why a better backend was not used (OPFS missing, ...); absent when OPFS is in use. */
  fallbackReason?: string;
  /** navigator.storage.persist() granted: the browser will not evict the data under pressure. */
  persisted: boolean;
  /** navigator.storage.estimate(), bytes, when the browser reports it. */
  usage?: number;
  quota?: number;
  /** The browser refused OPFS as it does in a private window (Firefox): data ends with the session. */
  private?: boolean;
  /** What puts the data or its speed at risk here, worst first (storageWarnings). */
  warnings?: StorageWarning[];
}

/** A risk to the replica's data or speed in this browser context, for the app to show. */
export interface StorageWarning {
  /**
   * 'memory': nothing survives the tab; 'private': a private window, whose storage the browser
   * deletes when the private session ends; 'small-quota': the origin may store little (a private
   * window), so the replica may not fit and syncs slowly; 'nearly-full': writes may soon fail;
   * 'unsynced-not-persisted': writes not yet on the server sit in storage the browser may evict.
   */
  code: 'memory' | 'private' | 'small-quota' | 'nearly-full' | 'unsynced-not-persisted';
  message: string;
}

/** What a tab sees of the shared replica: who leads, storage, sync. */
export interface RuntimeStatus {
  /** This tab's role: its worker holds the database, or forwards to the tab that does. */
  role: 'connecting' | 'leader' | 'follower' | 'closed';
  /** Tabs' workers currently attached to the replica (the leader's count). */
  tabs: number;
  storage: StorageStatus | null;
  sync: {
    status: string;
    reason?: string;
    /** Pull progress of the collection being pulled and, on an initial sync, of the whole pass. */
    progress?: SyncProgress;
    pending: number;
    failed: number;
    lastError?: string;
    /** What keeps data from syncing (status 'error' while one is an error). */
    problems?: SyncProblem[];
    capabilities?: ServerCapabilities;
  } | null;
}

/** What opening the runtime needs; sent by each tab (the leader uses its own). */
export interface OpenRequest {
  url: string;
  userId: string | null;
  /** The user's auth (PocketBase token and record) for the sync; null for a local-only replica. */
  auth: { token: string; record: Record<string, unknown> | null } | null;
  schema?: unknown;
  search?: Record<string, string[] | SearchIndex>;
  vectors?: Record<string, Record<string, Record<string, unknown>>>;
  indexes?: LocalIndexes;
  /** Sync options (without `pb`); false turns sync off. */
  sync?: Record<string, unknown> | false;
  /** Storage to use: 'auto' (OPFS, else IndexedDB, else memory) or one kind. */
  storage?: 'auto' | StorageStatus['kind'];
}

export type ErrorData = PocketliteErrorData & { name?: string };

/** Main thread → its worker. */
export type ToHost =
  | { type: 'open'; request: OpenRequest }
  | { type: 'call'; id: number; call: Call }
  | { type: 'watch'; id: number; watch: Watch }
  | { type: 'unwatch'; id: number }
  | { type: 'auth'; auth: OpenRequest['auth'] }
  /** The page is being frozen or hidden for good: give up leadership now. */
  | { type: 'suspend' }
  | { type: 'close' };

/** Worker → its main thread. */
export type FromHost =
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: ErrorData }
  | { type: 'update'; id: number; value: unknown }
  | { type: 'watchError'; id: number; error: ErrorData }
  | { type: 'status'; status: RuntimeStatus }
  /** Sent once the worker holds its host lock (`hostLock(host)`): the page waits on that lock. */
  | { type: 'attached'; host: string }
  /** `error`: why the replica could not open (a refused schema or index declaration), as thrown there. */
  | { type: 'closed'; reason: string; error?: ErrorData };

/** Between the hosts of one replica (BroadcastChannel); `to` addresses one host. */
export type Peer =
  /** Sent by a host that just opened: the leader answers with `leader`. */
  | { type: 'hello'; from: string }
  | { type: 'leader'; host: string }
  | { type: 'call'; from: string; to: string; id: number; call: Call }
  | { type: 'watch'; from: string; to: string; id: number; watch: Watch }
  | { type: 'unwatch'; from: string; to: string; id: number }
  | { type: 'auth'; from: string; to: string; auth: OpenRequest['auth'] }
  | { type: 'reply'; to: string; id: number; ok: true; value: unknown }
  | { type: 'reply'; to: string; id: number; ok: false; error: ErrorData }
  | { type: 'update'; to: string; id: number; value: unknown }
  | { type: 'watchError'; to: string; id: number; error: ErrorData }
  | { type: 'status'; status: RuntimeStatus }
  | { type: 'closed'; reason: string };

/** A host's message to the leader, before it is addressed (`to` is the current leader). */
export type PeerRequest =
  Extract<Peer, { from: string; to: string }> extends infer P
    ? P extends { to: string }
      ? Omit<P, 'to'>
      : never
    : never;

/** The Web Lock a host holds for as long as its worker lives: whoever can take it knows the worker is gone. */
export const hostLock = (host: string) => `pocketlite:host:${host}`;

/** The error of a call to a replica that was closed (`reason`) or deleted (`'destroyed'`). */
export const closedError = (reason: string): ErrorData => ({
  name: 'PocketliteError',
  status: 400,
  code: reason === 'destroyed' ? 'replica_destroyed' : 'replica_closed',
  message:
    reason === 'destroyed'
      ? 'the replica was deleted'
      : `the replica is closed${reason === 'closed' ? '' : ` (${reason})`}`,
  data: {},
});
