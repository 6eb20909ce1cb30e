// What each call of a replica reads, given its arguments: what a caller that records its reads
// (the Convex layer's queries) must watch to learn that a result may have changed. Every call of
// the two interfaces is listed: a call added to CollectionSource or ReplicaSource and not listed
// here fails to compile, so no read can go untracked. `null`: the call writes.
import { EVERY_TABLE } from './live-queries.js';
import type { ChangeRead, ListOptions, RecordModel } from './model.js';
import type { CollectionCall, CollectionSource, ReplicaCall, ReplicaSource } from './source.js';
import { ENGINE } from './wasm/constants.js';

type Reads<F> = F extends (...args: infer A) => unknown
  ? (collection: string, ...args: A) => ChangeRead[]
  : never;
type ReplicaReads<F> = F extends (...args: infer A) => unknown ? (...args: A) => ChangeRead[] : never;

// A list read: the collection through the options' filter, sort and expand.
const listed = (collection: string, options: ListOptions = {}): ChangeRead[] => [
  { collection, filter: options.filter, sort: options.sort, expand: options.expand },
];
const whole = (collection: string): ChangeRead[] => [collection];

/** The reads of each collection call (null: a write). */
export const COLLECTION_CALL_READS: {
  [K in CollectionCall]: Reads<CollectionSource<RecordModel>[K]> | null;
} = {
  getOne: (collection, _id, options) => listed(collection, options),
  getList: (collection, _page, _perPage, options) => listed(collection, options),
  getFullList: (collection, options) => listed(collection, options),
  getFirstListItem: (collection, filter, options) => listed(collection, { ...options, filter }),
  count: (collection, filter) => listed(collection, { filter }),
  search: (collection, _query, options) => listed(collection, { filter: options?.filter }),
  vectorSearch: (collection, _vector, options) => listed(collection, { filter: options?.filter }),
  similar: (collection, _id, options) => listed(collection, { filter: options?.filter }),
  // The vectors may live in another collection pointing here (HybridSearchOptions.vectors).
  hybridSearch: (collection, _text, options) => [
    ...listed(collection, { filter: options?.filter }),
    ...(options?.vectors ? whole(options.vectors.collection) : []),
  ],
  vectorStats: whole,
  // Sync states live in the outbox; what the rules say depends on the records.
  syncState: (collection) => [collection, ENGINE.outboxTable],
  syncStates: (collection) => [collection, ENGINE.outboxTable],
  canCreate: whole,
  canUpdate: whole,
  canDelete: whole,
  upsert: null,
  create: null,
  update: null,
  delete: null,
};

/** The reads of each replica call (null: a write or a definition). */
export const REPLICA_CALL_READS: { [K in ReplicaCall]: ReplicaReads<ReplicaSource[K]> | null } = {
  outbox: () => [ENGINE.outboxTable],
  rollup: (name) => [{ rollup: name }],
  // Registering a rollup answers its first result: a read of the collection.
  defineRollup: (collection, _name, spec) => listed(collection, { filter: spec.filter }),
  aggregate: (collection, spec) => listed(collection, { filter: spec.filter }),
  storageStats: () => [EVERY_TABLE],
  columnStats: () => [EVERY_TABLE],
  collections: () => [EVERY_TABLE],
  retryFailed: null,
  discardFailed: null,
  defineSearch: null,
  defineVectors: null,
  dropRollup: null,
};
