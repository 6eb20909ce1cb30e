import type {
  Effects,
  OutboxEntry,
  OutboxSend,
  PullCursor,
  RecordModel,
  RecordSyncState,
  SchemaSummary,
  SearchIndex,
  ServerApplyResult,
  ServerDeleteResult,
  ServerVersions,
} from '../model.js';
import type { PocketliteModule } from '../wasm/pocketlite.mjs';
import { ENGINE } from '../wasm/constants.js';
import { PocketliteError } from './errors.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Reads the reply of the call that just returned `length`: its JSON text, or throws its error. */
export function readReply(module: PocketliteModule, length: number): string {
  const pointer = module.replyPointer();
  const bytes = module.HEAPU8.subarray(pointer, pointer + length);
  if (bytes[0] === ENGINE.errorMark)
    throw PocketliteError.from(JSON.parse(decoder.decode(bytes.subarray(1))));
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

/** What the engine's list query takes (the clock, `now`, is added by EngineConnection). */
export interface ListQuery {
  filter?: string;
  sort?: string;
  page?: number;
  perPage?: number;
  skipTotal?: boolean;
  /** Every matching record in one page. */
  all?: boolean;
  /** Related records to add under `expand`, as the REST API takes it. */
  expand?: string;
  /**
   * PocketBase's `fields`: the records keep only the top-level keys it picks (all of them when it
   * picks `*` or with `expand`); nested picks and modifiers are left to js/fields.ts.
   */
  fields?: string;
}

/** What the engine's full-text search takes. */
export interface SearchQuery {
  query: string;
  filter?: string;
  limit?: number;
  cursor?: string | null;
  total?: boolean;
}

/** Who made a committed change: this replica (a local write) or the server (what a sync applied). */
export type EffectOrigin = 'local' | 'server';

/** Where every committed call's effects go: the replica's one change sink (js/change-sink.ts). */
export type EffectSink = (effects: Effects, origin: EffectOrigin) => void;

/**
 * Typed calls on one open replica database of a wasm module, one per engine call
 * (wasm/api/api.h). A call that commits hands what it did to the sink before it returns.
 * Internal: apps use Replica.
 */
export class EngineConnection {
  constructor(
    private readonly module: PocketliteModule,
    private readonly handle: number,
    private readonly sink: EffectSink,
  ) {}

  close(): void {
    this.read(this.module.close(this.handle));
  }

  /** The size of the engine instance's linear memory (its heap: SQLite's pages, arenas, indexes). */
  memoryBytes(): number {
    return this.module.HEAPU8.buffer.byteLength;
  }

  /** How much a write's effects say of records: `ENGINE.effectDetail` tables, ids or values. */
  setEffectDetail(detail: number): void {
    this.read(this.module.setEffectDetail(this.handle, detail));
  }

  // Reads.

  collections(): unknown[] {
    return JSON.parse(this.read(this.module.collections(this.handle)));
  }

  /** One record as JSON text; `expand` as the REST API takes it (related records from local rows). */
  getOneJson(collection: string, id: string, expand = ''): string {
    return this.read(this.module.getOne(this.handle, collection, id, expand));
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

  count(collection: string, filter = ''): number {
    return Number(
      this.read(
        this.module.count(this.handle, collection, toJson({ filter, now: Date.now() }, 'the filter')),
      ),
    );
  }

  /** The collections a query with these options reads; with `rollup` (collection ''), the rollup's source. */
  tablesRead(
    collection: string,
    options: { filter?: string; sort?: string; expand?: string; rollup?: string },
  ): string[] {
    return JSON.parse(
      this.read(this.module.tablesRead(this.handle, collection, toJson(options, 'the query options'))),
    );
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

  /** Nearest records to `query` (float32 bytes cross as they are). */
  vectorSearchJson(collection: string, options: object, query?: Float32Array): string {
    const json = toJson({ ...options, now: Date.now() }, 'the vector options');
    if (!query) return this.read(this.module.vectorSearch(this.handle, collection, json, 0, 0));
    const bytes = new Uint8Array(query.buffer, query.byteOffset, query.byteLength);
    const pointer = this.module._malloc(Math.max(bytes.length, 1));
    try {
      this.module.HEAPU8.set(bytes, pointer);
      return this.read(this.module.vectorSearch(this.handle, collection, json, pointer, bytes.length));
    } finally {
      this.module._free(pointer);
    }
  }

  similarJson(collection: string, options: object): string {
    const json = toJson({ ...options, now: Date.now() }, 'the vector options');
    return this.read(this.module.similar(this.handle, collection, json));
  }

  vectorStatsJson(collection: string, options: object): string {
    return this.read(this.module.vectorStats(this.handle, collection, toJson(options, 'the vector options')));
  }

  rollupJson(name: string): string {
    return this.read(this.module.rollup(this.handle, name));
  }

  aggregateJson(collection: string, spec: object): string {
    return this.read(this.module.aggregate(this.handle, collection, toJson(spec, 'the aggregation')));
  }

  storageStatsJson(): string {
    return this.read(this.module.storageStats(this.handle));
  }

  columnStatsJson(): string {
    return this.read(this.module.columnStats(this.handle));
  }

  /** The record count and last (updated, id) of a list response, without applying it. */
  pageEnd(json: string): { count: number; last: { updated?: string; id?: string } | null } {
    return JSON.parse(
      withUtf8(this.module, json, (p, n) => this.read(this.module.pageEnd(this.handle, p, n))),
    );
  }

  syncStates(collection: string): Record<string, RecordSyncState> {
    return JSON.parse(this.read(this.module.syncStates(this.handle, collection)));
  }

  cursors(): Record<string, PullCursor> {
    return JSON.parse(this.read(this.module.cursors(this.handle)));
  }

  /** The records the server last showed, with `updated` in [from, to): count, middle version, ids. */
  serverVersions(
    collection: string,
    options: { from?: string; to?: string; ids?: boolean } = {},
  ): ServerVersions {
    return JSON.parse(
      this.read(this.module.serverVersions(this.handle, collection, JSON.stringify(options))),
    );
  }

  /** The outbox: local writes waiting for the server, in order (`state` filters). */
  outboxList(state = ''): OutboxEntry[] {
    return JSON.parse(this.read(this.module.outboxList(this.handle, state)));
  }

  /** What the collection's API rule says of a write by the replica's user: true, false, or null (only the server can tell). */
  can(collection: string, op: 'create' | 'update' | 'delete', id: string, body: object): boolean | null {
    if (op === 'delete') return JSON.parse(this.read(this.module.canDelete(this.handle, collection, id)));
    const call = op === 'create' ? this.module.canCreate : this.module.canUpdate;
    const json = toJson(body, 'the record');
    return JSON.parse(
      withUtf8(this.module, json, (p, n) => this.read(call(this.handle, collection, id, p, n))),
    );
  }

  // Writes: each hands its effects to the sink.

  applySchema(schema: unknown, options: { dropMissing?: boolean } = {}): SchemaSummary {
    const json = toJson(schema, 'the schema');
    return this.commit(
      withUtf8(this.module, json, (p, n) =>
        this.module.applySchema(this.handle, p, n, JSON.stringify(options)),
      ),
      'server',
    );
  }

  defineSearch(collection: string, index: SearchIndex): void {
    this.commit(
      this.module.defineSearch(this.handle, collection, toJson(index, 'the search index')),
      'server',
    );
  }

  defineVectors<T>(collection: string, options: object): T {
    return this.commit(
      this.module.defineVectors(this.handle, collection, toJson(options, 'the vector options')),
      'server',
    );
  }

  defineRollup<T>(collection: string, spec: object): T {
    return this.commit(
      this.module.defineRollup(this.handle, collection, toJson(spec, 'the rollup')),
      'server',
    );
  }

  dropRollup(name: string): void {
    this.commit(this.module.dropRollup(this.handle, name), 'server');
  }

  /**
   * Stores records as the server sent them (JSON text: one, an array, or with `list` a list
   * response): the one ingest path (wasm/sync/server_apply.h). Records newer than the replica's
   * copy apply; fields with local changes waiting keep their local values.
   */
  upsert(
    collection: string,
    json: string,
    options: { list?: boolean; advanceCursor?: boolean; syncedAt?: number } = {},
  ): ServerApplyResult {
    const length = withUtf8(this.module, json, (p, n) =>
      this.module.upsert(this.handle, collection, p, n, JSON.stringify(options)),
    );
    const { value, effects } = this.settle<Omit<ServerApplyResult, 'effects'>>(length, 'server');
    return { ...value, effects };
  }

  /** Applies deletes the server reported (`version`: the deleted record's `updated`, when known). */
  applyDeletes(collection: string, deletes: Array<{ id: string; version?: string }>): ServerDeleteResult {
    return this.commit(
      withUtf8(this.module, JSON.stringify(deletes), (p, n) =>
        this.module.applyDeletes(this.handle, collection, p, n),
      ),
      'server',
    );
  }

  create(collection: string, record: object): RecordModel {
    const json = toJson(record, 'the record');
    const now = JSON.stringify({ now: Date.now() });
    return this.commit(
      withUtf8(this.module, json, (p, n) => this.module.create(this.handle, collection, p, n, now)),
      'local',
    );
  }

  update(collection: string, id: string, patch: object): RecordModel {
    const json = toJson(patch, 'the changes');
    const now = JSON.stringify({ now: Date.now() });
    return this.commit(
      withUtf8(this.module, json, (p, n) => this.module.update(this.handle, collection, id, p, n, now)),
      'local',
    );
  }

  delete(collection: string, id: string): void {
    this.commit(this.module.remove(this.handle, collection, id), 'local');
  }

  setCursor(name: string, cursor: PullCursor): void {
    this.commit(
      withUtf8(this.module, JSON.stringify(cursor), (p, n) => this.module.setCursor(this.handle, name, p, n)),
      'server',
    );
  }

  /** Marks up to `max` outbox sends as sending and returns them. */
  outboxTake(max: number): OutboxSend[] {
    return this.commit(this.module.outboxTake(this.handle, max), 'server');
  }

  /**
   * Settles sends the server took, all in one transaction (every answer of a batch request);
   * `server` is each one's record (null for a delete).
   */
  outboxAck(acks: Array<{ seqs: number[]; server: RecordModel | null }>): void {
    this.outboxSettle(this.module.outboxAck, { acks });
  }

  /** Settles sends the server refused for good, reverting to `server` when given. */
  outboxFail(seqs: number[], error: unknown, server?: RecordModel | null): { superseded: boolean } {
    return this.outboxSettle(
      this.module.outboxFail,
      server === undefined ? { seqs, error } : { seqs, error, server },
    );
  }

  /** Queues sends again after a transient failure. */
  outboxRequeue(seqs: number[], error: unknown): void {
    this.outboxSettle(this.module.outboxRequeue, { seqs, error });
  }

  /** Re-applies a failed write locally and queues it again. */
  outboxRetry(seq: number): void {
    this.commit(this.module.outboxRetry(this.handle, seq, Date.now()), 'local');
  }

  /** Forgets a failed write. */
  outboxDiscard(seq: number): void {
    this.commit(this.module.outboxDiscard(this.handle, seq), 'local');
  }

  private outboxSettle<T>(
    call: (handle: number, pointer: number, length: number) => number,
    args: object,
  ): T {
    const json = toJson(args, 'the outbox arguments');
    return this.commit(
      withUtf8(this.module, json, (p, n) => call(this.handle, p, n)),
      'server',
    );
  }

  /** The value of a committing call's reply; its effects went to the sink. */
  private commit<T>(length: number, origin: EffectOrigin): T {
    return this.settle<T>(length, origin).value;
  }

  private settle<T>(length: number, origin: EffectOrigin): { value: T; effects: Effects } {
    const reply = JSON.parse(this.read(length)) as { value: T; effects: Effects };
    if (reply.effects.tables.length > 0) this.sink(reply.effects, origin);
    return reply;
  }

  private read(length: number): string {
    return readReply(this.module, length);
  }
}
