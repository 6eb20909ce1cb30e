// The data a replica deals in: records, pages, changes, the engine's summaries and the outbox.
// Types only, imported by every layer and importing nothing, so no two modules tie each other in
// a circle through them.

/** A record as PocketBase returns it. */
export interface RecordModel {
  id: string;
  collectionId: string;
  collectionName: string;
  [field: string]: unknown;
}

/** Record types by collection name, as `pocketlite codegen` writes them (its `Collections`). */
export type CollectionRecords = Record<string, RecordModel>;

/** The record type of collection K in C (a plain RecordModel for names C does not list). */
export type RecordOf<C, K extends string> = K extends keyof C
  ? C[K] extends RecordModel
    ? C[K]
    : RecordModel
  : RecordModel;

/** A page of records, shaped like PocketBase's list response. */
export interface ListResult<T> {
  page: number;
  perPage: number;
  totalItems: number;
  totalPages: number;
  items: T[];
}

/** Options of the list reads, named as in the PocketBase JS SDK. */
export interface ListOptions {
  /** A PocketBase filter, e.g. `source = "claude-code" && totalTokens > 1000`. Use `filter()` to bind values. */
  filter?: string;
  /** PocketBase sort: comma-separated fields, `-` for descending, `@random`, `@rowid`. */
  sort?: string;
  /** Skip counting: totalItems and totalPages are -1 (faster). */
  skipTotal?: boolean;
  /** Relations to expand from local rows, as the REST API does: `user,session.user`. */
  expand?: string;
  /** The keys to return, as the REST API picks them: `id,title,expand.user.name,body:excerpt(200,true)`. */
  fields?: string;
}

/** Options of a full-text search. */
export interface SearchOptions {
  filter?: string;
  /**
   * `all` (default): every word must match, as a filter means it. `any`: a search box's question;
   * English stop words ("how", "do", "I") are dropped, any remaining word matches, records holding
   * every word rank first, then by BM25.
   */
  match?: 'all' | 'any';
  /** Results per page, 1–200 (default 20). */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string | null;
  /** Also count every match (`total`; -1 otherwise). */
  total?: boolean;
}

/** A full-text index: the text fields, and whether words are stemmed ("extracting" finds "extract"; English). */
export interface SearchIndex {
  fields: string[];
  stemming?: boolean;
}

/** A page of search results, best first. */
export interface SearchResult<T> {
  items: Array<{ record: T; score: number; highlights: Record<string, string> }>;
  nextCursor: string | null;
  total: number;
}

/** Stops a live query or a listener; calling it twice is harmless. */
export type Unsubscribe = () => void;

/**
 * What a live value reads: a collection (or the outbox, `ENGINE.outboxTable`; `'*'`: every table),
 * a collection through a query's filter, sort and expand, or a rollup by name (its source).
 */
export type ChangeRead =
  string | { collection: string; filter?: string; sort?: string; expand?: string } | { rollup: string };

/** What happened to a record, as the app sees it. */
export type ChangeAction = 'created' | 'updated' | 'deleted';

/**
 * A normalised change event: `type` is `<collection>:<action>`. `origin` says whether this
 * replica made the change (`local`, applied optimistically) or learned it from the server.
 * Server events are de-duplicated by (id, updated): a version is reported once, however many
 * times it arrives (realtime, then a catch-up pull).
 */
export interface ChangeEvent<T extends RecordModel = RecordModel> {
  type: `${string}:${ChangeAction}`;
  collection: string;
  id: string;
  /** The record after the change (its last state for a delete; null when unknown). */
  record: T | null;
  /** When the replica applied it (ms since the epoch). */
  ts: number;
  origin: 'local' | 'server';
}

/**
 * What one engine call committed (wasm/engine/effects.h): the tables it changed and each record
 * created, updated or deleted, with its value (the last one for a delete) when values are reported.
 */
export interface Effects {
  tables: string[];
  records: Array<{ collection: string; id: string; action: ChangeAction; record?: RecordModel | null }>;
}

/** Summary of a schema application. */
export interface SchemaSummary {
  created: string[];
  migrated: Array<{
    name: string;
    renamedFrom?: string;
    added?: string[];
    removed?: string[];
    renamed?: Array<[string, string]>;
    retyped?: string[];
  }>;
  unchanged: string[];
  dropped: string[];
  skipped: string[];
  warnings: string[];
}

/** One record that a page upsert refused, with the reason in PocketBase's shape. */
export interface FailedRecord {
  index: number;
  id: string | null;
  error: { status: number; code: string; message: string; data: Record<string, unknown> };
}

/**
 * What `collection().upsert()` did: records stored (created, or updated because newer than the
 * replica's copy, or merged under pending local changes), records skipped (the replica already
 * held that version or a newer one), and exactly which were refused.
 */
export interface UpsertResult {
  applied: number;
  skipped: number;
  failed: FailedRecord[];
}

/** What applying server records did (wasm/sync/server_apply.h), with the call's effects. */
export interface ServerApplyResult {
  created: number;
  updated: number;
  /** Applied under pending local changes: their fields kept the local values. */
  merged: number;
  /** The replica held this version already. */
  duplicate: number;
  /** Older than the replica's copy. */
  stale: number;
  failed: FailedRecord[];
  conflicts: FieldConflict[];
  /** Where a pull continues: the last record's (updated, id). */
  last: { updated: string; id: string } | null;
  /** The list response's totalItems (-1 when skipped or not a list). */
  totalItems: number;
  /** Keys the records carry that the collection has no field for (the server's schema drifted). */
  unknownFields: string[];
  /** What the call changed (also handed to the replica's change sink). */
  effects: Effects;
}

/** What applying server deletes did: how many records went, were not held, or were kept as newer. */
export interface ServerDeleteResult {
  deleted: number;
  absent: number;
  kept: number;
  /** Records whose unsent local changes the delete overrode. */
  dropped: Array<{ collection: string; id: string }>;
}

/** A field both the server and this replica changed since the last version both saw. */
export interface FieldConflict {
  collection: string;
  id: string;
  field: string;
  base: unknown;
  local: unknown;
  server: unknown;
}

/** One send of the outbox: a create, update or delete of one record (updates coalesced). */
export interface OutboxSend {
  seqs: number[];
  collection: string;
  recordId: string;
  op: 'create' | 'update' | 'delete';
  body: Record<string, unknown>;
  attempts: number;
}

/** An outbox entry, as `outbox.list()` shows it. */
export interface OutboxEntry {
  seq: number;
  collection: string;
  recordId: string;
  op: 'create' | 'update' | 'delete';
  body: Record<string, unknown>;
  state: 'pending' | 'sending' | 'failed';
  attempts: number;
  error: { status?: number; message?: string; data?: Record<string, unknown> } | null;
}

/** A record's sync state; records absent from syncStates() are synced. */
export interface RecordSyncState {
  state: 'pending' | 'sending' | 'failed';
  op: 'create' | 'update' | 'delete';
  error: OutboxEntry['error'];
}

/**
 * A collection's records as the server last showed them, with `updated` in a range: how many, the
 * middle `updated` (null when none), and their ids when asked for.
 */
export interface ServerVersions {
  count: number;
  median: string | null;
  ids?: string[];
}

/** A collection's pull cursor. */
export interface PullCursor {
  updated?: string;
  id?: string;
  syncedAt?: number;
}
