// The read hooks: SDK-shaped queries, records, full-text, vector and hybrid search, aggregates.
// Each is a live value (useLive): it renders from the local replica and again only when its
// result changes.
import type { AggregateResult, AggregateSpec } from '../analytics.js';
import { useRef } from 'react';

import { Query } from '../query.js';
import type { ListOptions, ListResult, RecordModel, SearchOptions, SearchResult } from '../model.js';
import type { CollectionRecords, RecordOf } from '../replica.js';
import type { CollectionSource, ReplicaSource } from '../source.js';
import type {
  HybridSearchOptions,
  HybridSearchResult,
  VectorSearchOptions,
  VectorSearchResult,
} from '../vectors.js';
import { computed, useLive, useSuspenseLive, type LiveResult, type SuspenseResult } from './live.js';
import type { LiveStart } from './live-store.js';

/**
 * Declares the app's record types for the hooks, once, with the `Collections` that
 * `pocketlite codegen` writes: `declare module 'pocketlite/react' { interface Register { collections: Collections } }`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- empty until the app augments it
export interface Register {}

/** The registered record types by collection name (plain RecordModels when none are registered). */
export type Collections = Register extends { collections: infer C extends object } ? C : CollectionRecords;
/** The record type of collection K. */
export type RecordFor<K extends string> = RecordOf<Collections, K>;

type Builder<T extends RecordModel> = (query: Query<T>) => Query<T>;

/** A page of a list (the default): getList's options, or a typed builder in `where`. */
export interface ListQuery<T extends RecordModel> extends ListOptions {
  page?: number;
  perPage?: number;
  where?: Builder<T>;
}
/** One record by id: data is the record, or null while it does not exist. */
export interface OneQuery {
  one: string;
  expand?: string;
  fields?: string;
}
/** The first match: data is the record, or null when nothing matches. */
export interface FirstQuery<T extends RecordModel> extends Omit<ListOptions, 'skipTotal'> {
  first: true;
  where?: Builder<T>;
}
/** Every match (getFullList): data is the array. */
export interface FullQuery<T extends RecordModel> extends ListOptions {
  full: true;
  where?: Builder<T>;
}

/** Merges a builder's filter and sort into the options (both filters apply). */
function resolve<T extends RecordModel>(spec: ListOptions & { where?: Builder<T> }): ListOptions {
  const { where, ...options } = spec;
  const { filter: built, ...rest } = where ? where(Query.on<T>(null)).toOptions() : {};
  const filter = [options.filter, built].filter(Boolean);
  const merged: ListOptions = { ...options, ...rest };
  if (filter.length > 0)
    merged.filter = filter.length === 1 ? filter[0]! : filter.map((f) => `(${f})`).join(' && ');
  for (const key of ['page', 'perPage', 'one', 'first', 'full'] as const)
    delete (merged as Record<string, unknown>)[key];
  return merged;
}

/**
 * A live query of `collection`, SDK-shaped: a page (`{ page, perPage, filter, sort, ... }`),
 * `{ one: id }`, `{ first: true, filter }`, `{ full: true, filter }`, or 'skip'. Filters may be
 * written with `filter()` (bound values) or the typed builder: `{ where: q => q.where('cost', '>', 1) }`.
 */
export function useQuery<K extends string, T extends RecordModel = RecordFor<K>>(
  collection: K,
  query: OneQuery | FirstQuery<T>,
): LiveResult<T | null>;
export function useQuery<K extends string, T extends RecordModel = RecordFor<K>>(
  collection: K,
  query: FullQuery<T>,
): LiveResult<T[]>;
export function useQuery<K extends string, T extends RecordModel = RecordFor<K>>(
  collection: K,
  query?: ListQuery<T> | 'skip',
): LiveResult<ListResult<T>>;
export function useQuery<K extends string, T extends RecordModel = RecordFor<K>>(
  collection: K,
  query: OneQuery | FirstQuery<T> | FullQuery<T> | ListQuery<T> | 'skip' | null,
): LiveResult<unknown>;
export function useQuery(
  collection: string,
  query:
    OneQuery | FirstQuery<RecordModel> | FullQuery<RecordModel> | ListQuery<RecordModel> | 'skip' | null = {},
): LiveResult<unknown> {
  const skip = query === 'skip' || query === null;
  const [key, start] = liveQuery(collection, skip ? {} : query);
  return useLive<unknown>(skip ? null : key, start);
}

/**
 * {@link useQuery} for a component that renders only with its data: it suspends until the first
 * result (a `<Suspense>` inside the provider shows its fallback meanwhile), then stays live.
 */
export function useSuspenseQuery<K extends string, T extends RecordModel = RecordFor<K>>(
  collection: K,
  query: OneQuery | FirstQuery<T>,
): SuspenseResult<T | null>;
export function useSuspenseQuery<K extends string, T extends RecordModel = RecordFor<K>>(
  collection: K,
  query: FullQuery<T>,
): SuspenseResult<T[]>;
export function useSuspenseQuery<K extends string, T extends RecordModel = RecordFor<K>>(
  collection: K,
  query?: ListQuery<T>,
): SuspenseResult<ListResult<T>>;
export function useSuspenseQuery(
  collection: string,
  query: OneQuery | FirstQuery<RecordModel> | FullQuery<RecordModel> | ListQuery<RecordModel> = {},
): SuspenseResult<unknown> {
  return useSuspenseLive<unknown>(...liveQuery(collection, query));
}

// The cache key and the starter of a query: what useQuery and useSuspenseQuery share.
function liveQuery(
  collection: string,
  spec: OneQuery | FirstQuery<RecordModel> | FullQuery<RecordModel> | ListQuery<RecordModel>,
): [string, (replica: ReplicaSource<object>) => LiveStart<unknown>] {
  const options = 'one' in spec ? { expand: spec.expand, fields: spec.fields } : resolve(spec);
  const kind = 'one' in spec ? 'one' : 'first' in spec ? 'first' : 'full' in spec ? 'full' : 'list';
  const page = 'page' in spec ? (spec.page ?? 1) : 1;
  const perPage = 'perPage' in spec ? (spec.perPage ?? 30) : 30;
  const id = 'one' in spec ? spec.one : '';
  const key = JSON.stringify(['query', collection, kind, id, page, perPage, options]);
  return [
    key,
    (replica) => (push, fail) => {
      const records = replica.collection(collection);
      switch (kind) {
        case 'one':
          // expand/fields shape the record: read it whole when they are asked for.
          if (options.expand || options.fields)
            return computed(replica, [collection], async () =>
              records
                .getOne(id, options)
                .catch((error) => (error?.status === 404 ? null : Promise.reject(error))),
            )(push, fail);
          return records.watchOne(id, push, fail);
        case 'first':
          return records.watchList(
            1,
            1,
            { ...options, skipTotal: true },
            (r) => push(r.items[0] ?? null),
            fail,
          );
        case 'full':
          return computed(replica, [{ collection, filter: options.filter, sort: options.sort }], () =>
            records.getFullList(options),
          )(push, fail);
        default:
          return records.watchList(page, perPage, options, push, fail);
      }
    },
  ];
}

/** A live record by id: `data` is the record, null while it does not exist, undefined while loading. */
export function useLiveRecord<K extends string, T extends RecordModel = RecordFor<K>>(
  collection: K,
  id: string | null | undefined,
): LiveResult<T | null> {
  return useQuery<K, T>(collection, id ? { one: id } : ('skip' as never));
}

/** A live count of the records matching `filter`. */
export function useCount(collection: string, filter = '', skip = false): LiveResult<number> {
  const key = skip ? null : JSON.stringify(['count', collection, filter]);
  return useLive<number>(
    key,
    (replica) => (push, fail) => replica.collection(collection).watchCount(filter, push, fail),
  );
}

/** A live full-text search (BM25, highlighted); an empty query is skipped. */
export function useSearch<K extends string, T extends RecordModel = RecordFor<K>>(
  collection: K,
  query: string,
  options: SearchOptions = {},
): LiveResult<SearchResult<T>> {
  const key = query.trim() ? JSON.stringify(['search', collection, query, options]) : null;
  return useLive<SearchResult<T>>(
    key,
    (replica) => (push, fail) => records<T>(replica, collection).watchSearch(query, options, push, fail),
  );
}

/** The nearest records to `vector` (null skips), kept live as the collection changes. */
export function useVectorSearch<K extends string, T extends RecordModel = RecordFor<K>>(
  collection: K,
  vector: ArrayLike<number> | null | undefined,
  options: VectorSearchOptions = {},
): LiveResult<VectorSearchResult<T>> {
  const key = vector ? JSON.stringify(['vector', collection, vectorKey(vector), options]) : null;
  return useLive<VectorSearchResult<T>>(key, (replica) =>
    computed(replica, [{ collection, filter: options.filter }], () =>
      records<T>(replica, collection).vectorSearch(vector!, options),
    ),
  );
}

/** The records nearest a stored record's vector ("related", offline); null id skips. */
export function useSimilar<K extends string, T extends RecordModel = RecordFor<K>>(
  collection: K,
  id: string | null | undefined,
  options: VectorSearchOptions = {},
): LiveResult<VectorSearchResult<T>> {
  const key = id ? JSON.stringify(['similar', collection, id, options]) : null;
  return useLive<VectorSearchResult<T>>(key, (replica) =>
    computed(replica, [{ collection, filter: options.filter }], () =>
      records<T>(replica, collection).similar(id!, options),
    ),
  );
}

/**
 * Full-text and vector search fused (see RecordService.hybridSearch); `options.embed` embeds the
 * query (the latest one given is used; a change re-runs nothing by itself: call `refetch`).
 */
export function useHybridSearch<K extends string, T extends RecordModel = RecordFor<K>>(
  collection: K,
  text: string,
  options: HybridSearchOptions = {},
): LiveResult<HybridSearchResult<T>> {
  const { embed, ...keyed } = options;
  // The latest embed is called (not the one of the first render), so a new one applies at the next run.
  const latest = useRef(embed);
  latest.current = embed;
  const key = text.trim() ? JSON.stringify(['hybrid', collection, text, keyed, !!embed]) : null;
  const reads = [collection, ...(options.vectors ? [options.vectors.collection] : [])];
  const current = embed ? { embed: (t: string) => latest.current!(t) } : {};
  return useLive<HybridSearchResult<T>>(key, (replica) =>
    computed(replica, reads, () =>
      records<T>(replica, collection).hybridSearch(text, { ...keyed, ...current }),
    ),
  );
}

/**
 * A live aggregation of `collection` (group by, measures, order). With `rollup`, the engine keeps
 * it current on every write under that name (reads cost O(groups)); without, it is recomputed
 * after each write to the collection.
 */
export function useAggregate<Row = Record<string, string | number | null>>(
  collection: string,
  spec: AggregateSpec | null,
  options: { rollup?: string } = {},
): LiveResult<AggregateResult<Row>> {
  const key = spec ? JSON.stringify(['aggregate', collection, spec, options.rollup ?? null]) : null;
  return useLive<AggregateResult<Row>>(key, (replica) => {
    const name = options.rollup;
    if (!name)
      return computed(replica, [{ collection, filter: spec!.filter }], () =>
        replica.aggregate<Row>(collection, spec!),
      );
    return (push, fail) => {
      let stop: (() => void) | null = null;
      let stopped = false;
      // (Re)defining is idempotent and returns the first result; then the engine pushes changes.
      replica.defineRollup(collection, name, spec!).then(() => {
        if (!stopped) stop = replica.watchRollup<Row>(collection, name, push, fail);
      }, fail);
      return () => {
        stopped = true;
        stop?.();
      };
    };
  });
}

// The hooks' records typed by the caller (the replica's own map is not known here).
const records = <T extends RecordModel>(replica: ReplicaSource<object>, name: string) =>
  replica.collection(name) as unknown as CollectionSource<T>;

// A short stable name for a query vector (FNV-1a over its float32 bits): keys stay small.
function vectorKey(vector: ArrayLike<number>): string {
  const floats = Float32Array.from(vector);
  const words = new Uint32Array(floats.buffer);
  let hash = 0x811c9dc5;
  for (const word of words) hash = Math.imul(hash ^ word, 0x01000193) >>> 0;
  return `${floats.length}:${hash.toString(16)}`;
}
