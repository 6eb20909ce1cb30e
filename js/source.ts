// What code that reads and writes a replica needs of it, whether the engine runs in this thread
// (Replica) or in a worker (ReplicaClient): the React hooks and the OpenSync helpers take either.
// The method surface is declared here once: the interfaces, and the lists of the calls a tab
// forwards to the worker holding the database (the worker protocol and the client derive from them).
import type { AggregateResult, AggregateSpec, ColumnStats } from './analytics.js';
import type {
  ChangeRead,
  CollectionRecords,
  ListOptions,
  ListResult,
  OutboxEntry,
  RecordModel,
  RecordOf,
  RecordSyncState,
  SearchOptions,
  SearchResult,
  Unsubscribe,
  UpsertResult,
} from './model.js';
import type { Query } from './query.js';
import type {
  HybridSearchOptions,
  HybridSearchResult,
  VectorFieldOptions,
  VectorFieldStats,
  VectorStatsOptions,
  VectorSearchOptions,
  VectorSearchResult,
} from './vectors.js';

type Row = Record<string, string | number | null>;

/** One collection of a replica: SDK-shaped reads and writes, and live reads. */
export interface CollectionSource<T extends RecordModel> {
  query(): Query<T>;
  getOne(id: string, options?: { expand?: string; fields?: string }): Promise<T>;
  getList(page?: number, perPage?: number, options?: ListOptions): Promise<ListResult<T>>;
  getFullList(options?: ListOptions): Promise<T[]>;
  getFirstListItem(filter: string, options?: Omit<ListOptions, 'filter'>): Promise<T>;
  count(filter?: string): Promise<number>;
  /** Stores records as the server sent them, by the sync's rules (see RecordService.upsert). */
  upsert(records: Partial<T> | Array<Partial<T>> | string): Promise<UpsertResult>;
  create(data: Partial<T> & Record<string, unknown>): Promise<T>;
  update(id: string, data: Partial<T> & Record<string, unknown>): Promise<T>;
  delete(id: string): Promise<boolean>;
  syncState(id: string): Promise<RecordSyncState | { state: 'synced' }>;
  syncStates(): Promise<Record<string, RecordSyncState>>;
  /** What the collection's API rules say of a write by the replica's user (null: only the server can tell). */
  canCreate(data: Partial<T> & Record<string, unknown>): Promise<boolean | null>;
  canUpdate(id: string, data?: Partial<T> & Record<string, unknown>): Promise<boolean | null>;
  canDelete(id: string): Promise<boolean | null>;
  search(query: string, options?: SearchOptions): Promise<SearchResult<T>>;
  vectorSearch(vector: ArrayLike<number>, options?: VectorSearchOptions): Promise<VectorSearchResult<T>>;
  similar(id: string, options?: VectorSearchOptions): Promise<VectorSearchResult<T>>;
  hybridSearch(text: string, options?: HybridSearchOptions): Promise<HybridSearchResult<T>>;
  vectorStats(field?: string, options?: VectorStatsOptions): Promise<VectorFieldStats>;
  watchList(
    page: number,
    perPage: number,
    options: ListOptions,
    callback: (result: ListResult<T>) => void,
    onError?: (error: unknown) => void,
  ): Unsubscribe;
  watchOne(id: string, callback: (record: T | null) => void, onError?: (error: unknown) => void): Unsubscribe;
  watchCount(
    filter: string,
    callback: (count: number) => void,
    onError?: (error: unknown) => void,
  ): Unsubscribe;
  watchSearch(
    query: string,
    options: SearchOptions,
    callback: (result: SearchResult<T>) => void,
    onError?: (error: unknown) => void,
  ): Unsubscribe;
}

/** A write this page started and the replica has not answered: `data` for an update, null for a delete. */
export interface LocalWrite {
  collection: string;
  id: string;
  data: Record<string, unknown> | null;
  /** Resolves true once the replica committed the write, false when it refused it. */
  done: Promise<boolean>;
}

/** A replica, in this thread or in a worker. `C` maps collection names to record types. */
export interface ReplicaSource<C extends object = CollectionRecords> {
  collection<T extends RecordModel = never, K extends string = string>(
    name: K,
  ): CollectionSource<[T] extends [never] ? RecordOf<C, K> : T>;
  outbox(state?: OutboxEntry['state']): Promise<OutboxEntry[]>;
  retryFailed(seq: number): Promise<void>;
  discardFailed(seq: number): Promise<void>;
  defineSearch(collection: string, fields: string[], options?: { stemming?: boolean }): Promise<void>;
  defineVectors(collection: string, field: string, options: VectorFieldOptions): Promise<VectorFieldStats>;
  defineRollup(collection: string, name: string, spec: AggregateSpec): Promise<AggregateResult>;
  rollup<R = Row>(name: string): Promise<AggregateResult<R>>;
  dropRollup(name: string): Promise<void>;
  aggregate<R = Row>(collection: string, spec: AggregateSpec): Promise<AggregateResult<R>>;
  storageStats(): Promise<Array<{ name: string; rows: number; bytes: number }>>;
  columnStats(): Promise<ColumnStats[]>;
  collections(): Promise<unknown[]>;
  watchRollup<R = Row>(
    collection: string,
    name: string,
    callback: (result: AggregateResult<R>) => void,
    onError?: (error: unknown) => void,
  ): Unsubscribe;
  watchChanges(reads: ChangeRead[], callback: () => void, onError?: (error: unknown) => void): Unsubscribe;
  /**
   * Calls `listener` as each update or delete starts, before the replica answers (a worker
   * replica's round trip; the React provider shows the write at once). A replica in this thread
   * answers within the call and has none.
   */
  onLocalWrite?(listener: (write: LocalWrite) => void): Unsubscribe;
}

// The methods that run where the caller is (a query builder, live values kept by the leader and
// pushed to the tab): every other method is a call the tab forwards.
type LocalCollectionMethods = 'query' | `watch${string}`;
type LocalReplicaMethods = 'collection' | 'onLocalWrite' | `watch${string}`;

/** The collection calls a tab forwards to the worker holding the database. */
export const COLLECTION_CALLS = [
  'getOne',
  'getList',
  'getFullList',
  'getFirstListItem',
  'count',
  'upsert',
  'create',
  'update',
  'delete',
  'syncState',
  'syncStates',
  'canCreate',
  'canUpdate',
  'canDelete',
  'search',
  'vectorSearch',
  'similar',
  'hybridSearch',
  'vectorStats',
] as const satisfies ReadonlyArray<Exclude<keyof CollectionSource<RecordModel>, LocalCollectionMethods>>;
export type CollectionCall = (typeof COLLECTION_CALLS)[number];

/** The replica calls a tab forwards to the worker holding the database. */
export const REPLICA_CALLS = [
  'outbox',
  'retryFailed',
  'discardFailed',
  'defineSearch',
  'defineVectors',
  'defineRollup',
  'rollup',
  'dropRollup',
  'aggregate',
  'storageStats',
  'columnStats',
  'collections',
] as const satisfies ReadonlyArray<Exclude<keyof ReplicaSource, LocalReplicaMethods>>;
export type ReplicaCall = (typeof REPLICA_CALLS)[number];

/** @internal Both lists are complete: a method added to an interface and not listed fails to compile. */
type Missing<All, Listed> = Exclude<All, Listed> extends never ? true : Exclude<All, Listed>;
export const collectionCallsComplete: Missing<
  Exclude<keyof CollectionSource<RecordModel>, LocalCollectionMethods>,
  CollectionCall
> = true;
/** @internal */
export const replicaCallsComplete: Missing<
  Exclude<keyof ReplicaSource, LocalReplicaMethods>,
  ReplicaCall
> = true;
