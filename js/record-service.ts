import type { EngineConnection, UpsertResult } from './engine/engine.js';

/** A record as PocketBase returns it. */
export interface RecordModel {
  id: string;
  collectionId: string;
  collectionName: string;
  [field: string]: unknown;
}

/** Options of getFullList, named as in the PocketBase JS SDK. */
export interface FullListOptions {
  /** PocketBase sort: comma-separated fields, `-` for descending, e.g. `-updated,title`. */
  sort?: string;
}

/**
 * The records of one collection in the local replica, shaped like the SDK's RecordService
 * (`pb.collection(name)`), so code written for the SDK reads the replica the same way.
 * Methods return promises, as the SDK's do, although the engine answers in the same thread.
 */
export class RecordService<T extends RecordModel = RecordModel> {
  constructor(
    private readonly engine: () => EngineConnection,
    readonly collectionIdOrName: string,
  ) {}

  /** The record with this id; rejects with a 404 PocketliteError when it does not exist. */
  async getOne(id: string): Promise<T> {
    return JSON.parse(this.engine().getOneJson(this.collectionIdOrName, id));
  }

  /** Every record, in `sort` order (always finished by id, so the order is stable). */
  async getFullList(options: FullListOptions = {}): Promise<T[]> {
    return JSON.parse(this.engine().listJson(this.collectionIdOrName, options));
  }

  /**
   * Stores records exactly as the server sent them (one, an array, or the JSON text of either),
   * in one transaction. Records that do not fit the schema are reported in `failed`; the rest apply.
   */
  async upsert(records: Partial<T> | Array<Partial<T>> | string): Promise<UpsertResult> {
    const json = typeof records === 'string' ? records : JSON.stringify(records);
    return this.engine().upsertJson(this.collectionIdOrName, json);
  }

  /** Deletes a record; rejects with a 404 PocketliteError when it does not exist. */
  async delete(id: string): Promise<boolean> {
    this.engine().remove(this.collectionIdOrName, id);
    return true;
  }

  /** The number of records stored locally. */
  async count(): Promise<number> {
    return this.engine().count(this.collectionIdOrName);
  }
}
