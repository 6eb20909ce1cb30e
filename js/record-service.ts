import { toJson, type EngineConnection } from './engine/engine.js';
import { isPocketliteError, PocketliteError } from './engine/errors.js';
import { pickFields } from './fields.js';
import { filter as bindFilter } from './filter.js';
import type { LiveQueries } from './live-queries.js';
import type {
  ListOptions,
  ListResult,
  RecordModel,
  RecordSyncState,
  SearchOptions,
  SearchResult,
  Unsubscribe,
  UpsertResult,
} from './model.js';
import { Query } from './query.js';
import { newRecordId } from './record-id.js';
import type { CollectionSource } from './source.js';
import {
  fuseRankings,
  type HybridSearchOptions,
  type HybridSearchResult,
  type VectorFieldStats,
  type VectorStatsOptions,
  type VectorSearchOptions,
  type VectorSearchResult,
} from './vectors.js';
import { ENGINE } from './wasm/constants.js';

export type {
  ListOptions,
  ListResult,
  RecordModel,
  SearchIndex,
  SearchOptions,
  SearchResult,
} from './model.js';

/** What a RecordService needs of its replica. @internal */
export interface ReplicaContext {
  /** The engine; its committing calls report their effects to the replica's change sink. */
  engine(): EngineConnection;
  readonly live: LiveQueries;
  /** Refuses values that do not match their text field's pattern (see js/patterns.ts). */
  checkPatterns(collection: string, data: Record<string, unknown>): void;
}

/**
 * The records of one collection in the local replica, shaped like the SDK's RecordService
 * (`pb.collection(name)`), so code written for the SDK reads the replica the same way.
 * Methods return promises, as the SDK's do, although the engine answers in the same thread.
 */
export class RecordService<T extends RecordModel = RecordModel> implements CollectionSource<T> {
  private readonly engine: () => EngineConnection;
  private readonly live: LiveQueries;

  constructor(
    private readonly replica: ReplicaContext,
    readonly collectionIdOrName: string,
  ) {
    this.engine = () => replica.engine();
    this.live = replica.live;
  }

  /** A typed query on this collection: `query().where('totalTokens', '>', 0).getList(1, 20)`. */
  query(): Query<T> {
    return Query.on<T>(this);
  }

  /** The record with this id; rejects with a 404 PocketliteError when it does not exist. */
  async getOne(id: string, options: { expand?: string; fields?: string } = {}): Promise<T> {
    const record = JSON.parse(this.engine().getOneJson(this.collectionIdOrName, id, options.expand));
    return pickFields([record], options.fields)[0]!;
  }

  /** One page of matching records (`perPage` at most 1000, as on the server). */
  async getList(page = 1, perPage = 30, options: ListOptions = {}): Promise<ListResult<T>> {
    for (const [name, value] of [
      ['page', page],
      ['perPage', perPage],
    ] as const)
      if (typeof value !== 'number' || !Number.isFinite(value))
        throw new PocketliteError({
          status: 400,
          code: 'invalid_argument',
          message: `getList: ${name} must be a finite number, got ${typeof value === 'number' ? value : typeof value}`,
          data: { [name]: { code: 'validation_invalid_type', message: 'Must be a number.' } },
        });
    // The engine keeps only the picked top-level keys; pickFields applies nesting and modifiers.
    const result: ListResult<T> = JSON.parse(
      this.engine().getListJson(this.collectionIdOrName, { ...options, page, perPage }),
    );
    pickFields(result.items, options.fields);
    return result;
  }

  /** Every matching record, in `sort` order (always finished by id, so the order is stable). */
  async getFullList(options: ListOptions = {}): Promise<T[]> {
    const { items } = JSON.parse(
      this.engine().getListJson(this.collectionIdOrName, { ...options, all: true, skipTotal: true }),
    );
    return pickFields(items, options.fields);
  }

  /** The first record matching `filter`; rejects with a 404 PocketliteError when none does. */
  async getFirstListItem(filter: string, options: Omit<ListOptions, 'filter'> = {}): Promise<T> {
    const { items } = await this.getList(1, 1, { ...options, filter, skipTotal: true });
    if (items.length === 0) {
      throw new PocketliteError({
        status: 404,
        code: 'not_found',
        message: "The requested resource wasn't found.",
      });
    }
    return items[0]!;
  }

  /**
   * Stores records as the server sent them (one, an array, or the JSON text of either), in one
   * transaction, by the path every sync page and realtime event takes: a record applies only when
   * it is newer (by `updated`) than the replica's copy, and when the record has local changes
   * waiting for the server those fields keep their local values (the rest take the server's). So
   * an older copy never overwrites a newer one or a pending edit. Records that do not fit the
   * schema are reported in `failed`; `onChange` hears of every record that changed.
   */
  async upsert(records: Partial<T> | Array<Partial<T>> | string): Promise<UpsertResult> {
    const json = typeof records === 'string' ? records : toJson(records, 'the records');
    const result = this.engine().upsert(this.collectionIdOrName, json);
    return {
      applied: result.created + result.updated + result.merged,
      skipped: result.duplicate + result.stale,
      failed: result.failed,
    };
  }

  /**
   * Creates a record locally at once and queues it for the server (the sync sends it). The id is
   * generated here in PocketBase's format unless `data.id` is given; `created`/`updated` take the
   * local clock until the server's values arrive. Rejects with a 400 naming the field when the
   * data does not fit the schema; nothing is written then.
   */
  async create(data: Partial<T> & Record<string, unknown>): Promise<T> {
    this.replica.checkPatterns(this.collectionIdOrName, data);
    return this.engine().create(this.collectionIdOrName, { ...data, id: data.id ?? newRecordId() }) as T;
  }

  /**
   * Changes the given fields locally at once and queues only those fields for the server
   * (consecutive updates of one record are sent as one). Rejects with a 404 when the record does
   * not exist, a 400 naming the field when a value does not fit.
   */
  async update(id: string, data: Partial<T> & Record<string, unknown>): Promise<T> {
    this.replica.checkPatterns(this.collectionIdOrName, data);
    return this.engine().update(this.collectionIdOrName, id, data) as T;
  }

  /**
   * Deletes a record locally (with the records whose cascadeDelete relations point at it, as the
   * server will) and queues the delete. Rejects with a 404 PocketliteError when it does not exist.
   */
  async delete(id: string): Promise<boolean> {
    this.engine().delete(this.collectionIdOrName, id);
    return true;
  }

  /**
   * Whether the collection's create rule lets the replica's user create this record: true, false
   * (the server would refuse it: a local create is refused too), or null when only the server can
   * tell (a rule with `@collection.*`, or a schema without rules). For disabling what a user may not do.
   */
  async canCreate(data: Partial<T> & Record<string, unknown>): Promise<boolean | null> {
    return this.engine().can(this.collectionIdOrName, 'create', String(data.id ?? newRecordId()), data);
  }

  /** Whether the update rule lets the replica's user update record `id` with `data` (see canCreate). */
  async canUpdate(id: string, data: Partial<T> & Record<string, unknown> = {}): Promise<boolean | null> {
    return this.engine().can(this.collectionIdOrName, 'update', id, data);
  }

  /** Whether the delete rule lets the replica's user delete record `id` (see canCreate). */
  async canDelete(id: string): Promise<boolean | null> {
    return this.engine().can(this.collectionIdOrName, 'delete', id, {});
  }

  /** A record's sync state: `synced`, or pending/sending/failed (with the server's error). */
  async syncState(id: string): Promise<RecordSyncState | { state: 'synced' }> {
    return this.engine().syncStates(this.collectionIdOrName)[id] ?? { state: 'synced' };
  }

  /** The records of this collection that are not synced, by id. */
  async syncStates(): Promise<Record<string, RecordSyncState>> {
    return this.engine().syncStates(this.collectionIdOrName);
  }

  /** A live {@link syncStates}: fires when any record of this collection changes sync state. */
  watchSyncStates(
    callback: (states: Record<string, RecordSyncState>) => void,
    onError?: (error: unknown) => void,
  ): Unsubscribe {
    const run = () => JSON.stringify(this.engine().syncStates(this.collectionIdOrName));
    const label = `${this.collectionIdOrName} sync states`;
    return this.live.add(label, [ENGINE.outboxTable], run, (json) => callback(JSON.parse(json)), onError);
  }

  /**
   * Full-text search over the fields indexed with `replica.defineSearch` (BM25-ranked). Each word
   * of `query` must match; `"a phrase"` matches words in order; `word*` matches a prefix. `filter`
   * (PocketBase syntax) narrows the matches; pass `nextCursor` back as `cursor` for the next page.
   * Highlights are HTML with the matches in `<mark>`, the rest escaped.
   */
  async search(query: string, options: SearchOptions = {}): Promise<SearchResult<T>> {
    return JSON.parse(this.engine().searchJson(this.collectionIdOrName, { ...options, query }));
  }

  /**
   * The `k` records whose vector in `field` is nearest `vector` (a Float32Array or numbers of the
   * field's dimension), best first, with their scores. `filter` (PocketBase syntax) is applied
   * before scoring, so k results come back whenever k records match.
   */
  async vectorSearch(
    vector: ArrayLike<number>,
    options: VectorSearchOptions = {},
  ): Promise<VectorSearchResult<T>> {
    const query = vector instanceof Float32Array ? vector : Float32Array.from(vector);
    return JSON.parse(this.engine().vectorSearchJson(this.collectionIdOrName, options, query));
  }

  /** The records nearest a stored record's vector (not the record itself): "related" offline. */
  async similar(id: string, options: VectorSearchOptions = {}): Promise<VectorSearchResult<T>> {
    return JSON.parse(this.engine().similarJson(this.collectionIdOrName, { ...options, id }));
  }

  /**
   * Full-text and vector search fused with Reciprocal Rank Fusion. The text side is an any-word
   * search (`match: 'any'`: a question's stop words dropped, records with every word first); a
   * query of no words (`*`) leaves it out. The query is embedded with `options.embed` when given;
   * without it, or when it fails (offline), the result is text-only. `sides` says how many results
   * each side ranked, and `textError`/`vectorError` why a side did not run. Needs a search index
   * (defineSearch) and, for the vector side, a vector field.
   */
  async hybridSearch(text: string, options: HybridSearchOptions = {}): Promise<HybridSearchResult<T>> {
    const k = options.k ?? 10;
    const depth = Math.min(200, k * 3);
    let textHits: Array<{ id: string; record: T }> = [];
    let textError: string | undefined;
    try {
      const found = await this.search(text, { filter: options.filter, limit: depth, match: 'any' });
      textHits = found.items.map((item) => ({ id: item.record.id, record: item.record }));
    } catch (error) {
      // Only a query without words skips the text side; a missing index or a bad filter fails.
      if (!(isPocketliteError(error) && error.code === 'empty_search')) throw error;
      textError = error.message;
    }
    let vectorHits: Array<{ id: string; record: T }> = [];
    let vectorError: string | undefined;
    if (!options.embed) vectorError = 'no embed callback';
    else {
      try {
        const embedding = await options.embed(text);
        vectorHits = await this.vectorSide(Float32Array.from(embedding), options, depth);
      } catch (error) {
        vectorError = error instanceof Error ? error.message : String(error);
      }
    }
    const items = fuseRankings(textHits, vectorHits, {
      k,
      rrfK: options.rrfK ?? 60,
      textWeight: options.weights?.text ?? 1,
      vectorWeight: options.weights?.vector ?? 1,
    });
    const sides = {
      text: items.filter((item) => item.textRank !== null).length,
      vector: items.filter((item) => item.vectorRank !== null).length,
    };
    return {
      items,
      sides,
      usedVectors: vectorError === undefined,
      ...(vectorError === undefined ? {} : { vectorError }),
      ...(textError === undefined ? {} : { textError }),
    };
  }

  // The vector ranking of a hybrid search, mapped to this collection's records when the vectors
  // live in a collection that points here (the filter then applies to the records pointed to).
  private async vectorSide(
    embedding: Float32Array,
    options: HybridSearchOptions,
    depth: number,
  ): Promise<Array<{ id: string; record: T }>> {
    const { field, filter, mode, vectors } = options;
    if (!vectors) return (await this.vectorSearch(embedding, { field, filter, mode, k: depth })).items;
    // The filter selects the vectors through their relation before the top ones are taken.
    const search = {
      field,
      mode,
      k: depth * 2,
      withVector: false, // only the relation is read from these records
      ...(filter ? { filter, filterVia: vectors.relation } : {}),
    };
    const hits: VectorSearchResult<RecordModel> = JSON.parse(
      this.engine().vectorSearchJson(vectors.collection, search, embedding),
    );
    // At most 150 ids: the filter below stays under PocketBase's 200 comparisons.
    const pointed = hits.items.map((h) => String(h.record[vectors.relation] ?? '')).filter(Boolean);
    const targets = [...new Set(pointed)].slice(0, 150);
    if (targets.length === 0) return [];
    const idFilter = targets.map((_, i) => `id = {:t${i}}`).join(' || ');
    const params = Object.fromEntries(targets.map((id, i) => [`t${i}`, id]));
    const byId = new Map(
      (await this.getFullList({ filter: bindFilter(idFilter, params) })).map((r) => [r.id, r]),
    );
    return targets
      .filter((id) => byId.has(id))
      .slice(0, depth)
      .map((id) => ({ id, record: byId.get(id)! }));
  }

  /**
   * What the engine holds for a vector field: counts and bytes per vector, resident and stored.
   * `stored: false` skips the stored bytes (they read every record). With `probe`, the engine also
   * sums every stored float with its SIMD kernel (a benchmark's memory-bandwidth reference).
   */
  async vectorStats(field?: string, options: VectorStatsOptions = {}): Promise<VectorFieldStats> {
    return JSON.parse(this.engine().vectorStatsJson(this.collectionIdOrName, { field, ...options }));
  }

  /**
   * A live getList: `callback` receives the page now and again after each committed write that
   * changes it (never when a write leaves it unchanged, once per transaction). Returns the
   * function that stops it.
   */
  watchList(
    page: number,
    perPage: number,
    options: ListOptions,
    callback: (result: ListResult<T>) => void,
    onError?: (error: unknown) => void,
  ): Unsubscribe {
    const query = { ...options, page, perPage };
    return this.watch(
      `list ${page}×${perPage}`,
      options,
      () => this.engine().getListJson(this.collectionIdOrName, query),
      (result: ListResult<T>) => callback({ ...result, items: pickFields(result.items, options.fields) }),
      onError,
    );
  }

  /** A live getOne: the record now and on every change; `null` while it does not exist. */
  watchOne(
    id: string,
    callback: (record: T | null) => void,
    onError?: (error: unknown) => void,
  ): Unsubscribe {
    const run = () => {
      try {
        return this.engine().getOneJson(this.collectionIdOrName, id);
      } catch (error) {
        if (isPocketliteError(error) && error.status === 404) return 'null';
        throw error;
      }
    };
    return this.watch(`one ${id}`, {}, run, callback, onError);
  }

  /** A live count of the records matching `filter`. */
  watchCount(
    filter: string,
    callback: (count: number) => void,
    onError?: (error: unknown) => void,
  ): Unsubscribe {
    return this.watch(
      'count',
      { filter },
      () => String(this.engine().count(this.collectionIdOrName, filter)),
      callback,
      onError,
    );
  }

  /** A live full-text search (see {@link search}). */
  watchSearch(
    query: string,
    options: SearchOptions,
    callback: (result: SearchResult<T>) => void,
    onError?: (error: unknown) => void,
  ): Unsubscribe {
    const run = () => this.engine().searchJson(this.collectionIdOrName, { ...options, query });
    return this.watch(`search ${JSON.stringify(query)}`, options, run, callback, onError);
  }

  // `what` and the options name the query in devtools.
  private watch<R>(
    what: string,
    options: { filter?: string; sort?: string; expand?: string },
    run: () => string,
    callback: (result: R) => void,
    onError?: (error: unknown) => void,
  ): Unsubscribe {
    const tables = this.engine().tablesRead(this.collectionIdOrName, {
      filter: options.filter,
      sort: options.sort,
      expand: options.expand,
    });
    const label = `${this.collectionIdOrName} ${what}${describeOptions(options)}`;
    return this.live.add(label, tables, run, (json) => callback(JSON.parse(json)), onError);
  }

  /** The number of records stored locally (matching `filter`, if given). */
  async count(filter = ''): Promise<number> {
    return this.engine().count(this.collectionIdOrName, filter);
  }
}

// " filter=… sort=…": the options a live query was started with, for its label.
function describeOptions(options: object): string {
  return Object.entries(options)
    .filter(([, value]) => value !== undefined && value !== '' && typeof value !== 'function')
    .map(([key, value]) => ` ${key}=${JSON.stringify(value)}`)
    .join('');
}
