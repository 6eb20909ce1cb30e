// The leader: the one worker of a replica that holds its storage, its engine and its sync, and
// answers every tab's calls and live queries.
import PocketBase from 'pocketbase';

import { isPocketliteError, PocketliteError } from '../engine/errors.js';
import type { Unsubscribe } from '../live-queries.js';
import { openReplica, type Replica } from '../replica.js';
import { replicaFileName } from '../replica-name.js';
import type { RecordService } from '../record-service.js';
import { Sync } from '../sync/sync.js';
import {
  openBrowserStorage,
  storageEstimate,
  storageWarnings,
  type BrowserStorage,
} from './browser-storage.js';
import { SyncTracker } from './sync-status.js';
import {
  COLLECTION_CALLS,
  REPLICA_CALLS,
  type Call,
  type EngineInspection,
  type ErrorData,
  type OpenRequest,
  type RuntimeStatus,
  type Watch,
} from './protocol.js';

/** An error as a plain object that crosses postMessage and is rebuilt by the client. */
export function errorData(error: unknown): ErrorData {
  if (isPocketliteError(error)) {
    const { status, code, message, data } = error;
    return { name: 'PocketliteError', status, code, message, data };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { name: 'PocketliteError', status: 500, code: 'internal', message, data: {} };
}

/** Calls that can change the outbox (and so the status every tab shows). */
const WRITES = new Set<string>(['create', 'update', 'delete', 'upsert']);

const bad = (message: string) => new PocketliteError({ status: 400, code: 'bad_request', message });

export class Leader {
  private readonly watches = new Map<string, Unsubscribe>();
  private sync: Sync | null = null;
  private request: OpenRequest | null = null;
  private pb: PocketBase | null = null;
  private readonly tracker: SyncTracker;
  private estimateAt = 0;

  private constructor(
    readonly replica: Replica,
    private readonly storage: BrowserStorage,
    onStatus: () => void,
  ) {
    this.tracker = new SyncTracker(replica, () => void this.refreshEstimate().then(onStatus));
  }

  /** Opens the storage, the replica (schema, search, vectors, local indexes) and starts the sync. */
  static async start(request: OpenRequest, onStatus: () => void): Promise<Leader> {
    const fileName = replicaFileName(request.url, request.userId);
    const storage = await openBrowserStorage(fileName, request.storage);
    let replica: Replica;
    try {
      replica = await openReplica({
        url: request.url,
        userId: request.userId,
        storage: storage.store,
        schema: request.schema,
        search: request.search,
        vectors: request.vectors as never,
        indexes: request.indexes,
      });
    } catch (error) {
      await storage.release();
      throw error;
    }
    Object.assign(storage.status, await storageEstimate());
    const leader = new Leader(replica, storage, onStatus);
    if (request.sync !== false && request.auth) leader.startSync(request);
    await leader.tracker.refresh();
    return leader;
  }

  private startSync(request: OpenRequest): void {
    this.request = request;
    this.pb = new PocketBase(request.url);
    this.setAuth(request.auth);
    // Not awaited: tabs read local data at once while the first pass (maybe a long initial sync)
    // runs, and they follow it through the status.
    const sync = new Sync(this.replica, { ...(request.sync || {}), pb: this.pb });
    this.sync = sync;
    this.tracker.follow(sync);
    void sync.start().catch((error) => this.tracker.set({ lastError: errorData(error).message }));
  }

  /** The auth the sync uses (the PocketBase SDK's auth store in this worker). */
  setAuth(auth: OpenRequest['auth']): void {
    if (!this.pb) return;
    if (auth) this.pb.authStore.save(auth.token, auth.record as never);
    else this.pb.authStore.clear();
  }

  /** Runs one call from any tab. A `retry` of a create or delete that already happened succeeds. */
  async call(call: Call): Promise<unknown> {
    try {
      return await this.run(call);
    } catch (error) {
      if (call.retry && call.kind === 'collection' && isPocketliteError(error)) {
        const service = this.replica.collection(call.collection);
        if (call.method === 'create' && error.status === 400) {
          const id = (call.args[0] as { id?: string }).id;
          if (id) return service.getOne(id).catch(() => Promise.reject(error));
        }
        if (call.method === 'delete' && error.status === 404) return true;
      }
      throw error;
    } finally {
      const reads = call.kind === 'inspect' || (call.kind === 'collection' && !WRITES.has(call.method));
      if (!reads) this.tracker.changed();
    }
  }

  private async run(call: Call): Promise<unknown> {
    switch (call.kind) {
      case 'collection': {
        if (!COLLECTION_CALLS.includes(call.method)) throw bad(`unknown method ${call.method}`);
        const service = this.replica.collection(call.collection) as unknown as Record<
          string,
          (...args: unknown[]) => Promise<unknown>
        >;
        const args = call.method === 'hybridSearch' ? withEmbedding(call.args) : call.args;
        return service[call.method]!(...args);
      }
      case 'replica': {
        if (!REPLICA_CALLS.includes(call.method)) throw bad(`unknown method ${call.method}`);
        const replica = this.replica as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
        return replica[call.method]!(...call.args);
      }
      case 'sync':
        if (!this.sync) throw bad('this replica does not sync (no auth or sync: false)');
        return this.sync[call.method]();
      case 'syncEnabled':
        return this.setSyncEnabled(call.args[0]);
      case 'inspect':
        return this.inspect();
      case 'destroy':
        throw bad('destroy is handled by the host');
    }
  }

  // Off: the sync stops and the status says offline (by choice); on: a fresh sync starts, which
  // sends what was queued meanwhile.
  private async setSyncEnabled(enabled: boolean): Promise<void> {
    if (!this.request) throw bad('this replica does not sync (no auth or sync: false)');
    if (!enabled && this.sync) {
      const sync = this.sync;
      this.sync = null;
      await sync.stop();
      this.tracker.set({ status: 'offline', reason: 'sync turned off by the app', progress: undefined });
    } else if (enabled && !this.sync) {
      this.startSync(this.request);
    }
  }

  /** Starts a live query; `push` gets each new result. `key` names it for {@link unwatch}. */
  watch(key: string, watch: Watch, push: (value: unknown) => void, fail: (error: ErrorData) => void): void {
    this.unwatch(key);
    const onError = (error: unknown) => fail(errorData(error));
    let stop: Unsubscribe;
    try {
      stop = this.startWatch(watch, push, onError);
    } catch (error) {
      onError(error);
      return;
    }
    this.watches.set(key, stop);
  }

  private startWatch(
    watch: Watch,
    push: (value: unknown) => void,
    onError: (error: unknown) => void,
  ): Unsubscribe {
    const service = (name: string): RecordService => this.replica.collection(name);
    switch (watch.kind) {
      case 'list':
        return service(watch.collection).watchList(watch.page, watch.perPage, watch.options, push, onError);
      case 'one':
        return service(watch.collection).watchOne(watch.id, push, onError);
      case 'count':
        return service(watch.collection).watchCount(watch.filter, push, onError);
      case 'search':
        return service(watch.collection).watchSearch(watch.query, watch.options, push, onError);
      case 'rollup':
        return this.replica.watchRollup(watch.collection, watch.name, push, onError);
      case 'changes':
        return this.replica.watchChanges(watch.reads, () => push(null), onError);
    }
  }

  unwatch(key: string): void {
    this.watches.get(key)?.();
    this.watches.delete(key);
  }

  /** Stops every live query of one tab (its worker went away). */
  unwatchOwner(owner: string): void {
    for (const key of [...this.watches.keys()]) if (key.startsWith(`${owner}:`)) this.unwatch(key);
  }

  /** What devtools show of this leader's engine and sync. */
  inspect(): EngineInspection {
    return { liveQueries: this.replica.live.stats(), sync: this.sync?.diagnostics() ?? null };
  }

  /** This replica's storage and sync, for the status every tab shows. */
  status(): Pick<RuntimeStatus, 'storage' | 'sync'> {
    const sync = { ...this.tracker.state };
    const warnings = storageWarnings(this.storage.status, sync.pending + sync.failed);
    return { storage: { ...this.storage.status, warnings }, sync };
  }

  /** Stops the sync and live queries, closes the database and releases the storage. */
  async close(): Promise<void> {
    this.tracker.stop();
    for (const stop of this.watches.values()) stop();
    this.watches.clear();
    await this.sync?.stop();
    await this.replica.close();
    await this.storage.release();
  }

  /** Closes, then deletes the replica's stored data. */
  async destroy(): Promise<void> {
    await this.close();
    await this.storage.destroy();
  }

  // The storage estimate is asked at most every 5 s (it costs the browser a walk of the origin).
  private async refreshEstimate(): Promise<void> {
    if (Date.now() - this.estimateAt < 5000) return;
    this.estimateAt = Date.now();
    Object.assign(this.storage.status, await storageEstimate());
  }
}

// The page computed the query's embedding (functions do not cross postMessage): hand it to the
// replica's hybrid search as an `embed` that returns it, or fails with the page's reason.
function withEmbedding(args: unknown[]): unknown[] {
  const [text, options = {}] = args as [string, Record<string, unknown>?];
  const { queryVector, embedError, ...rest } = options as {
    queryVector?: number[];
    embedError?: string;
  };
  if (queryVector) return [text, { ...rest, embed: async () => queryVector }];
  if (embedError) return [text, { ...rest, embed: async () => Promise.reject(new Error(embedError)) }];
  return [text, rest];
}
