import type { PocketliteModule } from '../wasm/pocketlite.mjs';
import { PocketliteError } from './errors.js';

/** Marks an error reply (wasm/api/api.h); JSON never starts with it. */
const ERROR_MARK = 1;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Reads the reply of the call that just returned `length`: its JSON text, or throws its error. */
export function readReply(module: PocketliteModule, length: number): string {
  const pointer = module.replyPointer();
  const bytes = module.HEAPU8.subarray(pointer, pointer + length);
  if (bytes[0] === ERROR_MARK) throw PocketliteError.from(JSON.parse(decoder.decode(bytes.subarray(1))));
  return decoder.decode(bytes);
}

/**
 * JSON text of a value the app handed in. What JSON cannot hold (a BigInt, a cycle, nesting too
 * deep for the JS stack) becomes a 400 PocketliteError naming the argument, not a bare TypeError
 * or RangeError.
 */
export function toJson(value: unknown, what = 'an argument'): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    throw new PocketliteError({
      status: 400,
      code: 'invalid_argument',
      message: `${what} cannot be encoded as JSON: ${(error as Error).message}`,
      data: { argument: what },
    });
  }
}

/** Calls `fn` with `text` as UTF-8 bytes in wasm memory (pointer, length), freed afterwards. */
function withUtf8<T>(module: PocketliteModule, text: string, fn: (pointer: number, length: number) => T): T {
  // Encoded straight into wasm memory: UTF-8 needs at most 3 bytes per UTF-16 code unit.
  const capacity = Math.max(1, text.length * 3);
  const pointer = module._malloc(capacity);
  if (pointer === 0)
    throw new PocketliteError({
      status: 500,
      code: 'out_of_memory',
      message: `cannot allocate ${capacity} bytes`,
    });
  try {
    const { written } = encoder.encodeInto(text, module.HEAPU8.subarray(pointer, pointer + capacity));
    return fn(pointer, written);
  } finally {
    module._free(pointer);
  }
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

/** What a page upsert did: how many records were stored and exactly which were refused. */
export interface UpsertResult {
  applied: number;
  failed: FailedRecord[];
}

/** What the engine's list query takes (the clock, `now`, is added by EngineConnection). */
export interface ListQuery {
  filter?: string;
  sort?: string;
  page?: number;
  perPage?: number;
  skipTotal?: boolean;
  /** Every matching record in one page. */
  all?: boolean;
}

/** What the engine's full-text search takes. */
export interface SearchQuery {
  query: string;
  filter?: string;
  limit?: number;
  cursor?: string | null;
  total?: boolean;
}

/** What applying server records did: one outcome letter per record (see wasm/sync/server_apply.h). */
export interface ServerApplyResult {
  /** c created, u updated, m merged under local changes, d duplicate, s stale, f failed. */
  outcomes: string;
  failed: FailedRecord[];
  conflicts: FieldConflict[];
  /** Where a pull continues: the last record's (updated, id). */
  last: { updated: string; id: string } | null;
  /** The list response's totalItems (-1 when skipped or not a list). */
  totalItems: number;
  /** Keys the records carry that the collection has no field for (the server's schema drifted). */
  unknownFields: string[];
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

/** A collection's pull cursor. */
/**
 * A collection's records as the server last showed them, with `updated` in a range: how many, the
 * middle `updated` (null when none), and their ids when asked for.
 */
export interface ServerVersions {
  count: number;
  median: string | null;
  ids?: string[];
}

export interface PullCursor {
  updated?: string;
  id?: string;
  syncedAt?: number;
}

/** Typed calls on one open replica database of a wasm module. Internal: apps use Replica. */
export class EngineConnection {
  constructor(
    private readonly module: PocketliteModule,
    private readonly handle: number,
  ) {}

  applySchema(schema: unknown, options: { dropMissing?: boolean } = {}): SchemaSummary {
    const reply = withUtf8(this.module, toJson(schema, 'the schema'), (pointer, length) =>
      this.read(this.module.applySchema(this.handle, pointer, length, JSON.stringify(options))),
    );
    return JSON.parse(reply);
  }

  collections(): unknown[] {
    return JSON.parse(this.read(this.module.collections(this.handle)));
  }

  /** Takes the records as JSON text, so a page fetched from the server crosses without re-encoding. */
  upsertJson(
    collection: string,
    recordsJson: string,
    validate: 'types' | 'constraints' = 'types',
  ): UpsertResult {
    const options = validate === 'types' ? '' : JSON.stringify({ validate });
    const reply = withUtf8(this.module, recordsJson, (pointer, length) =>
      this.read(this.module.upsert(this.handle, collection, pointer, length, options)),
    );
    return JSON.parse(reply);
  }

  getOneJson(collection: string, id: string): string {
    return this.read(this.module.getOne(this.handle, collection, id));
  }

  /** A list page as JSON text (`{items, page, perPage, totalItems, totalPages}`). */
  getListJson(collection: string, options: ListQuery): string {
    return this.read(
      this.module.getList(
        this.handle,
        collection,
        toJson({ ...options, now: Date.now() }, 'the list options'),
      ),
    );
  }

  defineSearch(collection: string, fields: string[]): void {
    this.read(this.module.defineSearch(this.handle, collection, toJson(fields, 'the search fields')));
  }

  searchJson(collection: string, options: SearchQuery): string {
    return this.read(
      this.module.search(
        this.handle,
        collection,
        toJson({ ...options, now: Date.now() }, 'the search options'),
      ),
    );
  }

  /** The collections a query with this filter and sort reads. */
  tablesRead(collection: string, options: { filter?: string; sort?: string }): string[] {
    return JSON.parse(
      this.read(this.module.tablesRead(this.handle, collection, toJson(options, 'the query options'))),
    );
  }

  /** The collections changed by transactions committed since the last call. */
  takeChanges(): string[] {
    return JSON.parse(this.read(this.module.takeChanges(this.handle)));
  }

  count(collection: string, filter = ''): number {
    return Number(
      this.read(
        this.module.count(this.handle, collection, toJson({ filter, now: Date.now() }, 'the filter')),
      ),
    );
  }

  close(): void {
    this.read(this.module.close(this.handle));
  }

  /** Applies server records (JSON text: one, an array, or with `list` a list response). */
  applyServer(
    collection: string,
    json: string,
    options: { list?: boolean; advanceCursor?: boolean; syncedAt?: number } = {},
  ): ServerApplyResult {
    return JSON.parse(this.sync('applyServer', collection, '', JSON.stringify(options), json));
  }

  /** The record count and last (updated, id) of a list response, without applying it. */
  pageEnd(json: string): { count: number; last: { updated?: string; id?: string } | null } {
    return JSON.parse(this.sync('pageEnd', '', '', '', json));
  }

  /**
   * Applies deletes the server reported: per record `x` deleted, `a` absent, or `n` kept because
   * the replica holds a newer version than the one deleted (`version`: its `updated`).
   */
  applyDeletes(
    collection: string,
    deletes: Array<{ id: string; version?: string }>,
  ): { outcomes: string; dropped: Array<{ collection: string; id: string }> } {
    return JSON.parse(this.sync('applyDeletes', collection, '', '', JSON.stringify(deletes)));
  }

  createJson(collection: string, record: object): string {
    return this.sync(
      'create',
      collection,
      '',
      JSON.stringify({ now: Date.now() }),
      toJson(record, 'the record'),
    );
  }

  updateJson(collection: string, id: string, patch: object): string {
    return this.sync(
      'update',
      collection,
      id,
      JSON.stringify({ now: Date.now() }),
      toJson(patch, 'the changes'),
    );
  }

  localDelete(collection: string, id: string): void {
    this.sync('delete', collection, id, '', '');
  }

  /** An outbox operation: take, ack, fail, requeue, retry, discard, list (wasm/sync/outbox.h). */
  outbox<T = unknown>(op: string, args: object = {}): T {
    return JSON.parse(this.sync(`outbox:${op}`, '', '', JSON.stringify(args), ''));
  }

  /** What the collection's API rule says of a write by the replica's user: true, false, or null (only the server can tell). */
  can(collection: string, op: 'create' | 'update' | 'delete', id: string, body: object): boolean | null {
    return JSON.parse(this.sync(`can:${op}`, collection, id, '', JSON.stringify(body)));
  }

  syncStates(collection: string): Record<string, RecordSyncState> {
    return JSON.parse(this.sync('syncStates', collection, '', '', ''));
  }

  cursors(): Record<string, PullCursor> {
    return JSON.parse(this.sync('cursors', '', '', '', ''));
  }

  setCursor(name: string, cursor: PullCursor): void {
    this.sync('setCursor', name, '', '', JSON.stringify(cursor));
  }

  /** The records the server last showed, with `updated` in [from, to): count, middle version, ids. */
  serverVersions(
    collection: string,
    options: { from?: string; to?: string; ids?: boolean } = {},
  ): ServerVersions {
    return JSON.parse(this.sync('serverVersions', collection, '', JSON.stringify(options), ''));
  }

  /** An analytics call (defineRollup, rollup, dropRollup, aggregate). */
  analytics(op: string, collection: string, options: string): string {
    return this.read(this.module.analytics(this.handle, op, collection, options));
  }

  /** A vector call (define, search, similar, stats); `query` goes across as float32 bytes. */
  vectors(op: string, collection: string, options: object, query?: Float32Array): string {
    const json = toJson({ ...options, now: Date.now() }, 'the vector options');
    if (!query) return this.read(this.module.vectors(this.handle, op, collection, json, 0, 0));
    const bytes = new Uint8Array(query.buffer, query.byteOffset, query.byteLength);
    const pointer = this.module._malloc(Math.max(bytes.length, 1));
    try {
      this.module.HEAPU8.set(bytes, pointer);
      return this.read(this.module.vectors(this.handle, op, collection, json, pointer, bytes.length));
    } finally {
      this.module._free(pointer);
    }
  }

  private sync(op: string, collection: string, id: string, args: string, payload: string): string {
    return withUtf8(this.module, payload, (pointer, length) =>
      this.read(this.module.sync(this.handle, op, collection, id, args, pointer, length)),
    );
  }

  private read(length: number): string {
    return readReply(this.module, length);
  }
}
