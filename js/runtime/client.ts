// The page side of the browser runtime: a replica whose engine runs in a worker. The page never
// loads the wasm; every call is a message, every live query a subscription the worker pushes to.
import type { CollectionSource, LocalWrite, ReplicaSource } from '../source.js';
import { Listeners } from '../changes.js';
import { PocketliteError } from '../engine/errors.js';
import type { OutboxEntry, RecordSyncState, SearchIndex, UpsertResult } from '../model.js';
import type { AggregateResult, AggregateSpec, ColumnStats } from '../analytics.js';
import type { Unsubscribe } from '../live-queries.js';
import type { LocalIndexes } from '../local-indexes.js';
import { Query } from '../query.js';
import { newRecordId } from '../record-id.js';
import type { ListOptions, ListResult, RecordModel, SearchOptions, SearchResult } from '../model.js';
import type { ChangeRead, CollectionRecords, RecordOf } from '../replica.js';
import type { LogLevel } from '../sync/logger.js';
import type { SyncOptions } from '../sync/sync.js';
import type {
  HybridSearchOptions,
  HybridSearchResult,
  VectorFieldOptions,
  VectorFieldStats,
  VectorSearchOptions,
  VectorSearchResult,
} from '../vectors.js';
import {
  closedError,
  hostLock,
  type Call,
  type EngineInspection,
  type CollectionCall,
  type ErrorData,
  type FromHost,
  type OpenRequest,
  type ReplicaCall,
  type RuntimeStatus,
  type ToHost,
  type Watch,
} from './protocol.js';

/** How to connect a page to its replica's worker. */
export interface ConnectOptions {
  /** Creates the worker (a module worker whose file imports 'pocketlite/worker'); called again after a crash. */
  worker: () => Worker;
  /** The PocketBase server. */
  url: string;
  /** The signed-in user (`pb.authStore.record.id`); each (url, user) pair has its own replica. */
  userId?: string | null;
  /** The user's token and record for the sync (`pb.authStore.token`, `.record`); omit to not sync. */
  auth?: OpenRequest['auth'];
  /** Collection definitions, full-text and vector fields and local indexes, as for openReplica. */
  schema?: unknown;
  search?: Record<string, string[] | SearchIndex>;
  vectors?: Record<string, Record<string, VectorFieldOptions>>;
  indexes?: LocalIndexes;
  /** Sync options (functions cannot reach the worker, so no `resolve`, `random` or logger object); false: no sync. */
  sync?: (Omit<SyncOptions, 'pb' | 'resolve' | 'random' | 'logger'> & { logger?: LogLevel }) | false;
  /** 'auto' (default): OPFS, else IndexedDB, else memory; status.storage says which and why. */
  storage?: OpenRequest['storage'];
  /**
   * Ask the browser to keep the data under storage pressure (navigator.storage.persist()) when
   * connecting; default true. Not awaited: Firefox asks the user, and the answer reaches
   * status.storage.persisted when given. False to ask later, after a gesture of the user.
   */
  persist?: boolean;
}

interface PendingCall {
  call: Call;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface LiveWatch {
  watch: Watch;
  push: (value: never) => void;
  fail?: (error: unknown) => void;
}

const toError = (data: ErrorData) => new PocketliteError(data);

/** A worker started by {@link prepareReplica}, waiting for the next connection to take it. */
let prepared: Worker | null = null;

/**
 * Starts the replica's worker now, so it downloads and compiles the engine while the app loads,
 * signs in and renders; the next {@link connectReplica} (or `<ReplicaProvider pb>`) takes this
 * worker instead of creating one. Call it where the app's entry module loads, with the factory
 * the connection will get.
 * @example
 * const worker = () => new Worker(new URL('./pocketlite.worker.ts', import.meta.url), { type: 'module' });
 * prepareReplica(worker);
 */
export function prepareReplica(worker: () => Worker): void {
  prepared ??= worker();
}

/**
 * A replica in a worker, shared by every tab of the origin. Its methods mirror {@link Replica}
 * (all async); `status` says whether this tab's worker leads, which storage holds the data, and
 * how the sync is doing. Create it with {@link connectReplica}.
 */
export class ReplicaClient<C extends object = CollectionRecords> implements ReplicaSource<C> {
  private worker: Worker;
  private nextId = 1;
  private readonly calls = new Map<number, PendingCall>();
  private readonly watches = new Map<number, LiveWatch>();
  private readonly statusListeners = new Listeners<RuntimeStatus>();
  private readonly localWrites = new Listeners<LocalWrite>();
  private statusValue: RuntimeStatus = { role: 'connecting', tabs: 0, storage: null, sync: null };
  private closing = false;
  private closedReason: string | null = null;
  /** Why the replica could not open, as the worker's open threw it (kept for ready()). */
  private openError: ErrorData | null = null;
  private readonly onFreeze = () => this.send({ type: 'suspend' });
  /** Workers started after a crash of the previous one. */
  restarts = 0;

  /** @internal use {@link connectReplica} */
  constructor(private readonly options: ConnectOptions) {
    this.worker = this.spawn();
    globalThis.document?.addEventListener('freeze', this.onFreeze);
  }

  /** Resolves once this tab reaches the replica (as leader or follower); rejects if it cannot open. */
  ready(): Promise<RuntimeStatus> {
    return new Promise((resolve, reject) => {
      const check = (status: RuntimeStatus) => {
        if (status.role === 'leader' || status.role === 'follower') resolve(status);
        else if (status.role === 'closed')
          reject(toError(this.openError ?? closedError(this.closedReason ?? 'closed')));
        else return;
        stop();
      };
      const stop = this.onStatus(check);
      check(this.statusValue);
    });
  }

  get status(): RuntimeStatus {
    return this.statusValue;
  }

  /** Calls `listener` as each update or delete of this page starts, before the worker answers. */
  onLocalWrite(listener: (write: LocalWrite) => void): Unsubscribe {
    return this.localWrites.add(listener);
  }

  /** @internal Sends a write (`run`), telling the local-write listeners first. */
  async localWrite<R>(write: Omit<LocalWrite, 'done'>, run: () => Promise<R>): Promise<R> {
    let settle = (_ok: boolean) => {};
    const done = new Promise<boolean>((resolve) => (settle = resolve));
    this.localWrites.emit({ ...write, done });
    try {
      const result = await run();
      settle(true);
      return result;
    } catch (error) {
      settle(false);
      throw error;
    }
  }

  /** Calls `listener` on every status change (role, storage, sync progress, outbox counts). */
  onStatus(listener: (status: RuntimeStatus) => void): Unsubscribe {
    return this.statusListeners.add(listener);
  }

  collection<T extends RecordModel = never, K extends string = string>(
    name: K,
  ): RemoteCollection<[T] extends [never] ? RecordOf<C, K> : T> {
    return new RemoteCollection(this, name);
  }

  /** Tells the sync about a new token or user record (after a refresh); null signs out (sync pauses). */
  setAuth(auth: OpenRequest['auth']): void {
    this.send({ type: 'auth', auth });
  }

  outbox(state?: OutboxEntry['state']): Promise<OutboxEntry[]> {
    return this.replicaCall('outbox', state ? [state] : []);
  }
  retryFailed(seq: number): Promise<void> {
    return this.replicaCall('retryFailed', [seq]);
  }
  discardFailed(seq: number): Promise<void> {
    return this.replicaCall('discardFailed', [seq]);
  }
  defineSearch(collection: string, fields: string[], options: { stemming?: boolean } = {}): Promise<void> {
    return this.replicaCall('defineSearch', [collection, fields, options]);
  }
  defineVectors(collection: string, field: string, options: VectorFieldOptions): Promise<VectorFieldStats> {
    return this.replicaCall('defineVectors', [collection, field, options]);
  }
  defineRollup(collection: string, name: string, spec: AggregateSpec): Promise<AggregateResult> {
    return this.replicaCall('defineRollup', [collection, name, spec]);
  }
  rollup<Row = Record<string, string | number | null>>(name: string): Promise<AggregateResult<Row>> {
    return this.replicaCall('rollup', [name]);
  }
  dropRollup(name: string): Promise<void> {
    return this.replicaCall('dropRollup', [name]);
  }
  aggregate<Row = Record<string, string | number | null>>(
    collection: string,
    spec: AggregateSpec,
  ): Promise<AggregateResult<Row>> {
    return this.replicaCall('aggregate', [collection, spec]);
  }
  storageStats(): Promise<Array<{ name: string; rows: number; bytes: number }>> {
    return this.replicaCall('storageStats', []);
  }
  columnStats(): Promise<ColumnStats[]> {
    return this.replicaCall('columnStats', []);
  }
  collections(): Promise<unknown[]> {
    return this.replicaCall('collections', []);
  }

  /** A live rollup result (see Replica.watchRollup). */
  watchRollup<Row = Record<string, string | number | null>>(
    collection: string,
    name: string,
    callback: (result: AggregateResult<Row>) => void,
    onError?: (error: unknown) => void,
  ): Unsubscribe {
    return this.watch({ kind: 'rollup', collection, name }, callback, onError);
  }

  /** Calls `callback` now and after each write changing what `reads` read (see Replica.watchChanges). */
  watchChanges(reads: ChangeRead[], callback: () => void, onError?: (error: unknown) => void): Unsubscribe {
    return this.watch({ kind: 'changes', reads }, callback, onError);
  }

  /** Turns the sync off (the app works offline; writes wait in the outbox) or on again, for every tab. */
  setSyncEnabled(enabled: boolean): Promise<void> {
    return this.call({ kind: 'syncEnabled', args: [enabled] });
  }

  /** The leader's live queries with their costs, and its sync's metrics and log (devtools). */
  inspect(): Promise<EngineInspection> {
    return this.call({ kind: 'inspect', args: [] });
  }

  /** Runs a sync pass now, sends the outbox now, or reconciles id sets with the server. */
  syncNow(): Promise<void> {
    return this.call({ kind: 'sync', method: 'syncNow', args: [] });
  }
  flush(): Promise<void> {
    return this.call({ kind: 'sync', method: 'flush', args: [] });
  }

  /** Leaves the replica: this tab's worker stops (another tab takes over if this one led). */
  async close(): Promise<void> {
    this.closing = true;
    globalThis.document?.removeEventListener('freeze', this.onFreeze);
    await new Promise<void>((resolve) => {
      const stop = this.onStatus((status) => status.role === 'closed' && (stop(), resolve()));
      if (this.statusValue.role === 'closed') resolve();
      else this.send({ type: 'close' });
      setTimeout(resolve, 2000);
    });
    this.worker.terminate();
  }

  /** Deletes the local replica (every tab's connection closes); the server is not touched. */
  async destroy(): Promise<void> {
    await this.call({ kind: 'destroy', args: [] });
    await this.close();
  }

  /** @internal */
  call<R>(call: Call): Promise<R> {
    if (this.closedReason) return Promise.reject(toError(closedError(this.closedReason)));
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      this.calls.set(id, { call, resolve: resolve as (value: unknown) => void, reject });
      this.send({ type: 'call', id, call });
    });
  }

  /** @internal */
  watch<R>(watch: Watch, push: (value: R) => void, fail?: (error: unknown) => void): Unsubscribe {
    const id = this.nextId++;
    this.watches.set(id, { watch, push: push as (value: never) => void, fail });
    this.send({ type: 'watch', id, watch });
    return () => {
      if (this.watches.delete(id)) this.send({ type: 'unwatch', id });
    };
  }

  private replicaCall<R>(method: ReplicaCall, args: unknown[]): Promise<R> {
    return this.call({ kind: 'replica', method, args });
  }

  private send(message: ToHost): void {
    this.worker.postMessage(message);
  }

  private spawn(): Worker {
    const worker = prepared ?? this.options.worker();
    prepared = null;
    worker.onmessage = (event: MessageEvent<FromHost>) => this.receive(event.data);
    const { worker: _factory, persist: _persist, ...request } = this.options;
    worker.postMessage({
      type: 'open',
      request: { ...request, userId: request.userId ?? null, auth: request.auth ?? null } as OpenRequest,
    } satisfies ToHost);
    return worker;
  }

  private receive(message: FromHost): void {
    switch (message.type) {
      case 'reply': {
        const pending = this.calls.get(message.id);
        if (!pending) return;
        this.calls.delete(message.id);
        if (message.ok) pending.resolve(message.value);
        else pending.reject(toError(message.error));
        break;
      }
      case 'update':
        this.watches.get(message.id)?.push(message.value as never);
        break;
      case 'watchError':
        this.watches.get(message.id)?.fail?.(toError(message.error));
        break;
      case 'status':
        this.setStatus(message.status);
        break;
      case 'closed':
        this.closedReason = message.reason;
        this.openError = message.error ?? null;
        for (const pending of this.calls.values()) pending.reject(toError(closedError(message.reason)));
        this.calls.clear();
        this.setStatus({ ...this.statusValue, role: 'closed' });
        break;
      case 'attached':
        this.watchForCrash(message.host);
        break;
    }
  }

  private setStatus(status: RuntimeStatus): void {
    this.statusValue = status;
    this.statusListeners.emit(status);
  }

  // The worker holds its host lock while it lives; the browser grants it to this request when the
  // worker is gone (crashed, killed, out of memory). A busy worker keeps it: slow is not dead.
  // Then a fresh worker reopens the replica and gets every unanswered call (marked as a retry)
  // and every live query again.
  private watchForCrash(host: string): void {
    const worker = this.worker;
    void navigator.locks.request(hostLock(host), async () => {
      if (this.closing || this.closedReason || worker !== this.worker) return;
      this.restarts++;
      this.setStatus({ ...this.statusValue, role: 'connecting' });
      this.worker = this.spawn();
      for (const [id, watch] of this.watches) this.send({ type: 'watch', id, watch: watch.watch });
      for (const [id, pending] of this.calls)
        this.send({ type: 'call', id, call: { ...pending.call, retry: true } });
    });
  }
}

/** A collection of a worker replica: the SDK-shaped methods of RecordService, all async. */
export class RemoteCollection<T extends RecordModel> implements CollectionSource<T> {
  /** @internal */
  constructor(
    private readonly client: ReplicaClient<object>,
    readonly name: string,
  ) {}

  private call<R>(method: CollectionCall, args: unknown[]): Promise<R> {
    return this.client.call({ kind: 'collection', collection: this.name, method, args });
  }

  query(): Query<T> {
    return Query.on<T>(this);
  }
  getOne(id: string, options: { expand?: string; fields?: string } = {}): Promise<T> {
    return this.call('getOne', [id, options]);
  }
  getList(page = 1, perPage = 30, options: ListOptions = {}): Promise<ListResult<T>> {
    return this.call('getList', [page, perPage, options]);
  }
  getFullList(options: ListOptions = {}): Promise<T[]> {
    return this.call('getFullList', [options]);
  }
  getFirstListItem(filter: string, options: Omit<ListOptions, 'filter'> = {}): Promise<T> {
    return this.call('getFirstListItem', [filter, options]);
  }
  count(filter = ''): Promise<number> {
    return this.call('count', [filter]);
  }
  /** Creates locally and queues for the server. The id is chosen here, so a retried call is idempotent. */
  create(data: Partial<T> & Record<string, unknown>): Promise<T> {
    return this.call('create', [{ ...data, id: data.id ?? newRecordId() }]);
  }
  /** Updates locally and queues for the server; a provider's hooks show it before the worker answers. */
  update(id: string, data: Partial<T> & Record<string, unknown>): Promise<T> {
    const write = { collection: this.name, id, data: { ...data } };
    return this.client.localWrite(write, () => this.call('update', [id, data]));
  }
  /** Deletes locally and queues for the server; a provider's hooks drop it before the worker answers. */
  delete(id: string): Promise<boolean> {
    return this.client.localWrite({ collection: this.name, id, data: null }, () => this.call('delete', [id]));
  }
  upsert(records: Partial<T> | Array<Partial<T>> | string): Promise<UpsertResult> {
    return this.call('upsert', [records]);
  }
  syncState(id: string): Promise<RecordSyncState | { state: 'synced' }> {
    return this.call('syncState', [id]);
  }
  canCreate(data: Partial<T> & Record<string, unknown>): Promise<boolean | null> {
    return this.call('canCreate', [{ ...data, id: data.id ?? newRecordId() }]);
  }
  canUpdate(id: string, data: Partial<T> & Record<string, unknown> = {}): Promise<boolean | null> {
    return this.call('canUpdate', [id, data]);
  }
  canDelete(id: string): Promise<boolean | null> {
    return this.call('canDelete', [id]);
  }
  syncStates(): Promise<Record<string, RecordSyncState>> {
    return this.call('syncStates', []);
  }
  search(query: string, options: SearchOptions = {}): Promise<SearchResult<T>> {
    return this.call('search', [query, options]);
  }
  vectorSearch(vector: ArrayLike<number>, options: VectorSearchOptions = {}): Promise<VectorSearchResult<T>> {
    return this.call('vectorSearch', [Float32Array.from(vector), options]);
  }
  similar(id: string, options: VectorSearchOptions = {}): Promise<VectorSearchResult<T>> {
    return this.call('similar', [id, options]);
  }
  vectorStats(field?: string, options: { probe?: boolean } = {}): Promise<VectorFieldStats> {
    return this.call('vectorStats', [field, options]);
  }
  /** Hybrid search; `embed` runs on this page and its vector (or failure) goes to the worker. */
  async hybridSearch(text: string, options: HybridSearchOptions = {}): Promise<HybridSearchResult<T>> {
    const { embed, ...rest } = options;
    let extra: { queryVector?: number[]; embedError?: string } = {};
    if (embed) {
      try {
        extra = { queryVector: Array.from(await embed(text)) };
      } catch (error) {
        extra = { embedError: error instanceof Error ? error.message : String(error) };
      }
    }
    return this.call('hybridSearch', [text, { ...rest, ...extra }]);
  }

  /** A live getList (see RecordService.watchList). */
  watchList(
    page: number,
    perPage: number,
    options: ListOptions,
    callback: (result: ListResult<T>) => void,
    onError?: (error: unknown) => void,
  ): Unsubscribe {
    const watch: Watch = { kind: 'list', collection: this.name, page, perPage, options: { ...options } };
    return this.client.watch(watch, callback, onError);
  }
  watchOne(
    id: string,
    callback: (record: T | null) => void,
    onError?: (error: unknown) => void,
  ): Unsubscribe {
    return this.client.watch({ kind: 'one', collection: this.name, id }, callback, onError);
  }
  watchCount(
    filter: string,
    callback: (count: number) => void,
    onError?: (error: unknown) => void,
  ): Unsubscribe {
    return this.client.watch({ kind: 'count', collection: this.name, filter }, callback, onError);
  }
  watchSearch(
    query: string,
    options: SearchOptions,
    callback: (result: SearchResult<T>) => void,
    onError?: (error: unknown) => void,
  ): Unsubscribe {
    const watch: Watch = { kind: 'search', collection: this.name, query, options: { ...options } };
    return this.client.watch(watch, callback, onError);
  }
}

/**
 * Asks the browser to keep this origin's data under storage pressure, unless it already does;
 * resolves to whether it does. Call it from a user's gesture where the browser asks the user.
 */
export async function requestPersistence(): Promise<boolean> {
  const manager = globalThis.navigator?.storage;
  if (!manager?.persist) return false;
  if (await manager.persisted?.().catch(() => false)) return true;
  return manager.persist().catch(() => false);
}

/**
 * Connects this page to its replica: starts the worker (which joins the other tabs' workers and
 * leads or follows), asks the browser to persist the origin's storage, and resolves when ready.
 * @example
 * const replica = await connectReplica({
 *   worker: () => new Worker(new URL('./pocketlite.worker.ts', import.meta.url), { type: 'module' }),
 *   url: pb.baseURL, userId: pb.authStore.record?.id,
 *   auth: { token: pb.authStore.token, record: pb.authStore.record }, schema,
 * });
 */
export async function connectReplica<C extends object = CollectionRecords>(
  options: ConnectOptions,
): Promise<ReplicaClient<C>> {
  // persist() is only exposed to windows; the worker reports whether it was granted. Waiting
  // for it would hang where the browser asks the user (Firefox) until they answer.
  if (options.persist !== false) void requestPersistence();
  const client = new ReplicaClient<C>(options);
  try {
    await client.ready();
  } catch (error) {
    await client.close();
    throw error;
  }
  return client;
}
