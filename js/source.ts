// What code that reads and writes a replica needs of it, whether the engine runs in this thread
// (Replica) or in a worker (ReplicaClient): the React hooks and the OpenSync helpers take either.
import type { AggregateResult, AggregateSpec } from './analytics.js';
import type { OutboxEntry, RecordSyncState } from './engine/engine.js';
import type { Unsubscribe } from './live-queries.js';
import type { Query } from './query.js';
import type { ListOptions, ListResult, RecordModel, SearchOptions, SearchResult } from './record-service.js';
import type { ChangeRead, CollectionRecords, RecordOf } from './replica.js';
import type {
  HybridSearchOptions,
  HybridSearchResult,
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
  create(data: Partial<T> & Record<string, unknown>): Promise<T>;
  update(id: string, data: Partial<T> & Record<string, unknown>): Promise<T>;
  delete(id: string): Promise<boolean>;
  syncStates(): Promise<Record<string, RecordSyncState>>;
  /** What the collection's API rules say of a write by the replica's user (null: only the server can tell). */
  canCreate(data: Partial<T> & Record<string, unknown>): Promise<boolean | null>;
  canUpdate(id: string, data?: Partial<T> & Record<string, unknown>): Promise<boolean | null>;
  canDelete(id: string): Promise<boolean | null>;
  search(query: string, options?: SearchOptions): Promise<SearchResult<T>>;
  vectorSearch(vector: ArrayLike<number>, options?: VectorSearchOptions): Promise<VectorSearchResult<T>>;
  similar(id: string, options?: VectorSearchOptions): Promise<VectorSearchResult<T>>;
  hybridSearch(text: string, options?: HybridSearchOptions): Promise<HybridSearchResult<T>>;
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

/** A replica, in this thread or in a worker. `C` maps collection names to record types. */
export interface ReplicaSource<C extends object = CollectionRecords> {
  collection<T extends RecordModel = never, K extends string = string>(
    name: K,
  ): CollectionSource<[T] extends [never] ? RecordOf<C, K> : T>;
  outbox(state?: OutboxEntry['state']): Promise<OutboxEntry[]>;
  retryFailed(seq: number): Promise<void>;
  discardFailed(seq: number): Promise<void>;
  defineRollup(collection: string, name: string, spec: AggregateSpec): Promise<AggregateResult>;
  rollup<R = Row>(name: string): Promise<AggregateResult<R>>;
  aggregate<R = Row>(collection: string, spec: AggregateSpec): Promise<AggregateResult<R>>;
  storageStats(): Promise<Array<{ name: string; rows: number; bytes: number }>>;
  watchRollup<R = Row>(
    collection: string,
    name: string,
    callback: (result: AggregateResult<R>) => void,
    onError?: (error: unknown) => void,
  ): Unsubscribe;
  watchChanges(reads: ChangeRead[], callback: () => void, onError?: (error: unknown) => void): Unsubscribe;
}
