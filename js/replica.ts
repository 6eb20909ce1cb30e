import { ChangeSink } from './change-sink.js';
import { EngineConnection, readReply } from './engine/engine.js';
import { PocketliteError } from './engine/errors.js';
import { instantiateEngine, type WasmSource } from './engine/loader.js';
import { filter } from './filter.js';
import { EVERY_TABLE, type LiveQueries } from './live-queries.js';
import type {
  ChangeEvent,
  ChangeRead,
  CollectionRecords,
  OutboxEntry,
  RecordModel,
  RecordOf,
  SchemaSummary,
  SearchIndex,
  Unsubscribe,
} from './model.js';
import type { AggregateResult, AggregateSpec, ColumnStats } from './analytics.js';
import { checkPatterns, compilePatterns, type FieldPatterns } from './patterns.js';
import { RecordService, type ReplicaContext } from './record-service.js';
import { replicaFileName } from './replica-name.js';
import type { CollectionDefinition } from './schema-types.js';
import type { ReplicaSource } from './source.js';
import { MemoryStore } from './storage/memory.js';
import type { BlockStore } from './storage/types.js';
import type { VectorFieldOptions, VectorFieldStats } from './vectors.js';
import type { PocketliteModule } from './wasm/pocketlite.mjs';
import { checkLocalIndexes, type LocalIndexes, withLocalIndexes } from './local-indexes.js';
import { ENGINE } from './wasm/constants.js';

export type { ChangeRead, CollectionRecords, RecordOf } from './model.js';

/** How to open a replica. */
export interface OpenReplicaOptions {
  /** The PocketBase server this replica mirrors. */
  url: string;
  /** The authenticated user; each (url, user) pair has its own database. Omit for a guest. */
  userId?: string | null;
  /** Where the database lives: a BlockStore (NodeFsStore, OPFS later) or in memory (default). */
  storage?: BlockStore | 'memory';
  /** PocketBase collection definitions (GET /api/collections) to apply before returning. */
  schema?: unknown;
  /** Full-text indexes to define after the schema: `{ collection: [field, ...] }` or `{ collection: { fields, stemming } }`. */
  search?: Record<string, string[] | SearchIndex>;
  /** Vector fields to declare after the schema: `{ collection: { field: { dimension, ... } } }`. */
  vectors?: Record<string, Record<string, VectorFieldOptions>>;
  /** Local indexes for the queries the app runs, never sent to the server: `{ sessions: [['source', 'updated']] }`. */
  indexes?: LocalIndexes;
  /** Where to load the engine's .wasm from; defaults to the file shipped beside the package. */
  wasm?: WasmSource;
}

/**
 * A local replica of one user's view of a PocketBase server. `C` maps collection names to record
 * types (the `Collections` that `pocketlite codegen` writes), so `collection('sessions')` is typed.
 */
export class Replica<C extends object = CollectionRecords> implements ReplicaContext, ReplicaSource<C> {
  private connection: EngineConnection | null;
  /** Where every committed call's effects go: live queries, change and outbox listeners. */
  private readonly sink = new ChangeSink((detail) => this.connection?.setEffectDetail(detail));
  /** The schema's text patterns, compiled on the first local write after each schema change. */
  private patterns: FieldPatterns | null = null;

  /** @internal use {@link openReplica} */
  constructor(
    module: PocketliteModule,
    handle: number,
    readonly url: string,
    readonly userId: string | null,
    readonly fileName: string,
    readonly storage: BlockStore,
    /** Gives up the storage's lock on the database file (see BlockStore.lock); idempotent. */
    private readonly releaseLock: () => void = () => {},
    /** The app's local indexes, added to every schema applied (see js/local-indexes.ts). */
    private readonly localIndexes: LocalIndexes = {},
  ) {
    this.connection = new EngineConnection(module, handle, (effects, origin) =>
      this.sink.deliver(effects, origin),
    );
  }

  /** The replica's live queries (see RecordService.watchList and friends). */
  get live(): LiveQueries {
    return this.sink.live;
  }

  /** The records of a collection, with SDK-shaped methods, typed by `C` (or explicitly by `T`). */
  collection<T extends RecordModel = never, K extends string = string>(
    idOrName: K,
  ): RecordService<[T] extends [never] ? RecordOf<C, K> : T> {
    return new RecordService(this, idOrName);
  }

  /**
   * Every change to the replica's records, local (optimistic writes) and from the server (what a
   * sync applied), as normalised {@link ChangeEvent}s. Returns the function that stops it.
   */
  onChange(listener: (event: ChangeEvent) => void): Unsubscribe {
    return this.sink.onChange(listener);
  }

  /** The outbox: local writes waiting for the server, in order (`state` filters). */
  async outbox(state?: OutboxEntry['state']): Promise<OutboxEntry[]> {
    return this.engine().outboxList(state);
  }

  /** Re-applies a failed write locally and queues it again (it is sent at the next flush). */
  async retryFailed(seq: number): Promise<void> {
    this.engine().outboxRetry(seq);
  }

  /** Forgets a failed write (its local change was already reverted to the server's state). */
  async discardFailed(seq: number): Promise<void> {
    this.engine().outboxDiscard(seq);
  }

  /** @internal Refuses values that do not match their text field's pattern (js/patterns.ts). */
  checkPatterns(collection: string, data: Record<string, unknown>): void {
    this.patterns ??= compilePatterns(this.engine().collections() as CollectionDefinition[]);
    checkPatterns(this.patterns, collection, data);
  }

  /**
   * @internal the sync's access to the engine, to the news that local writes wait, and to the ids
   * of the records each write changes (asked for until the returned function is called).
   */
  syncAccess(): {
    engine: EngineConnection;
    onOutbox: (listener: () => void) => Unsubscribe;
    wantIds: () => Unsubscribe;
  } {
    return {
      engine: this.engine(),
      onOutbox: (listener) => this.sink.onOutbox(listener),
      wantIds: () => this.sink.wantIds(),
    };
  }

  /**
   * Creates or migrates local tables to match these collection definitions (with the local
   * indexes declared at open), atomically.
   */
  async applySchema(schema: unknown, options: { dropMissing?: boolean } = {}): Promise<SchemaSummary> {
    this.patterns = null;
    return this.engine().applySchema(withLocalIndexes(schema, this.localIndexes), options);
  }

  /**
   * Indexes text fields of a collection for full-text search; the index is kept current by every
   * write and rebuilt by schema changes. Calling it again replaces the field list. With
   * `stemming`, words are indexed and searched by their English stem ("extracting" finds "extract").
   */
  async defineSearch(
    collection: string,
    fields: string[],
    options: { stemming?: boolean } = {},
  ): Promise<void> {
    this.engine().defineSearch(collection, { fields, stemming: options.stemming ?? false });
  }

  /**
   * Declares a vector field (a json field of number arrays, or a text field of base64) and builds
   * its resident index; every write and sync keeps it current. Records whose vector does not
   * decode are refused with a per-record error. Calling it again re-reads every value.
   */
  async defineVectors(
    collection: string,
    field: string,
    options: VectorFieldOptions,
  ): Promise<VectorFieldStats> {
    return this.engine().defineVectors(collection, { ...options, field });
  }

  /**
   * Registers an aggregation of a collection that every committed write keeps current (an
   * update that moves a record between groups, a delete, a sync page), so reading it costs
   * O(groups). Registering a name again replaces it. Returns the first result.
   */
  async defineRollup(collection: string, name: string, spec: AggregateSpec): Promise<AggregateResult> {
    return this.engine().defineRollup(collection, { ...spec, name });
  }

  /** A registered rollup's current result. */
  async rollup<Row = Record<string, string | number | null>>(name: string): Promise<AggregateResult<Row>> {
    return JSON.parse(this.engine().rollupJson(name));
  }

  /**
   * A live rollup: `callback` gets the result now and again after each committed write that
   * changes it (never when a write leaves it unchanged). Returns the function that stops it.
   */
  watchRollup<Row = Record<string, string | number | null>>(
    collection: string,
    name: string,
    callback: (result: AggregateResult<Row>) => void,
    onError?: (error: unknown) => void,
  ): Unsubscribe {
    const run = () => this.engine().rollupJson(name);
    const label = `${collection} rollup ${name}`;
    return this.live.add(label, [collection], run, (json) => callback(JSON.parse(json)), onError);
  }

  /**
   * Calls `callback` now and after each committed write (local or synced) that changes what
   * `reads` read: collections, or a collection with the filter and sort of a query (whose
   * relations read other collections). The base of live values computed by any async function.
   */
  watchChanges(reads: ChangeRead[], callback: () => void, onError?: (error: unknown) => void): Unsubscribe {
    const tables = new Set<string>();
    for (const read of reads) {
      // The outbox (records' sync states) and "every table" are named as they are.
      if (read === ENGINE.outboxTable || read === EVERY_TABLE) {
        tables.add(read);
        continue;
      }
      const { collection = '', ...options } = (typeof read === 'string' ? { collection: read } : read) as {
        collection?: string;
        rollup?: string;
      };
      for (const table of this.engine().tablesRead(collection, options)) tables.add(table);
    }
    let version = 0;
    const label = `changes of ${reads.map((read) => (typeof read === 'string' ? read : JSON.stringify(read))).join(', ')}`;
    return this.live.add(label, [...tables], () => String(version++), callback, onError);
  }

  async dropRollup(name: string): Promise<void> {
    this.engine().dropRollup(name);
  }

  /**
   * A one-off aggregation. It runs on the collection's column store (built by the first
   * aggregation that needs its fields, then kept current by every write), not on SQLite rows.
   */
  async aggregate<Row = Record<string, string | number | null>>(
    collection: string,
    spec: AggregateSpec,
  ): Promise<AggregateResult<Row>> {
    return JSON.parse(this.engine().aggregateJson(collection, spec));
  }

  /** Rows and stored bytes (the sum of every value's size) of each collection. */
  async storageStats(): Promise<Array<{ name: string; rows: number; bytes: number }>> {
    return JSON.parse(this.engine().storageStatsJson());
  }

  /** The column store's size per collection: the fields it holds, its rows and bytes. */
  async columnStats(): Promise<ColumnStats[]> {
    return JSON.parse(this.engine().columnStatsJson());
  }

  /** Quotes `{:name}` placeholders like the SDK's `pb.filter()`; see {@link filter}. */
  filter(expression: string, params?: Record<string, unknown>): string {
    return filter(expression, params);
  }

  /** The collection definitions the replica currently holds. */
  async collections(): Promise<unknown[]> {
    return this.engine().collections();
  }

  /** Closes the database; the replica's methods reject afterwards. Safe to call twice. */
  async close(): Promise<void> {
    this.sink.clear();
    this.connection?.close();
    this.connection = null;
    this.releaseLock();
  }

  /** Closes the replica and deletes its local data. */
  async destroy(): Promise<void> {
    await this.close();
    for (const suffix of ['', '-journal', '-wal']) this.storage.remove(this.fileName + suffix);
  }

  /** @internal */
  engine(): EngineConnection {
    if (!this.connection) {
      throw new PocketliteError({ status: 400, code: 'replica_closed', message: 'the replica is closed' });
    }
    return this.connection;
  }
}

/**
 * Opens (creating if needed) the replica of `url` for `userId` in `storage`.
 * @example
 * const replica = await openReplica({ url: 'http://127.0.0.1:8090', userId: auth.record.id, schema });
 * const sessions = await replica.collection('sessions').getFullList({ sort: '-updated' });
 */
export async function openReplica<C extends object = CollectionRecords>(
  options: OpenReplicaOptions,
): Promise<Replica<C>> {
  const localIndexes = checkLocalIndexes(options.indexes);
  const storage: BlockStore =
    !options.storage || options.storage === 'memory' ? new MemoryStore() : options.storage;
  const fileName = replicaFileName(options.url, options.userId);
  const release = storage.lock?.(fileName) ?? (() => {});
  let handle: number;
  let module: Awaited<ReturnType<typeof instantiateEngine>>;
  try {
    module = await instantiateEngine(storage, options.wasm);
    handle = Number(
      readReply(module, module.open(fileName, options.userId ?? '', storage.volatile === true)),
    );
  } catch (error) {
    release();
    throw error;
  }
  const replica = new Replica<C>(
    module,
    handle,
    options.url,
    options.userId ?? null,
    fileName,
    storage,
    release,
    localIndexes,
  );
  try {
    if (options.schema !== undefined) await replica.applySchema(options.schema);
  } catch (error) {
    await replica.close();
    throw error;
  }
  for (const [collection, index] of Object.entries(options.search ?? {})) {
    const { fields, ...rest } = Array.isArray(index) ? { fields: index } : index;
    await replica.defineSearch(collection, fields, rest);
  }
  for (const [collection, fields] of Object.entries(options.vectors ?? {}))
    for (const [field, spec] of Object.entries(fields)) await replica.defineVectors(collection, field, spec);
  return replica;
}
