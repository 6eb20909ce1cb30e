import type { PocketliteModule } from '../wasm/pocketlite.mjs';
import { PocketliteError } from './errors.js';

/** Marks an error reply (wasm/api/api.h); JSON never starts with it. */
const ERROR_MARK = 1;

/** Turns an engine reply into its JSON text, or throws the error it carries. */
export function unwrap(reply: string): string {
  if (reply.charCodeAt(0) === ERROR_MARK) throw PocketliteError.from(JSON.parse(reply.slice(1)));
  return reply;
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

/** Typed calls on one open replica database of a wasm module. Internal: apps use Replica. */
export class EngineConnection {
  constructor(
    private readonly module: PocketliteModule,
    private readonly handle: number,
  ) {}

  applySchema(schema: unknown, options: { dropMissing?: boolean } = {}): SchemaSummary {
    return JSON.parse(unwrap(this.module.applySchema(this.handle, JSON.stringify(schema), JSON.stringify(options))));
  }

  collections(): unknown[] {
    return JSON.parse(unwrap(this.module.collections(this.handle)));
  }

  /** Takes the records as JSON text, so a page fetched from the server crosses without re-encoding. */
  upsertJson(collection: string, recordsJson: string, validate: 'types' | 'constraints' = 'types'): UpsertResult {
    const options = validate === 'types' ? '' : JSON.stringify({ validate });
    return JSON.parse(unwrap(this.module.upsert(this.handle, collection, recordsJson, options)));
  }

  getOneJson(collection: string, id: string): string {
    return unwrap(this.module.getOne(this.handle, collection, id));
  }

  listJson(collection: string, options: { sort?: string; limit?: number; offset?: number }): string {
    return unwrap(this.module.list(this.handle, collection, JSON.stringify(options)));
  }

  remove(collection: string, id: string): void {
    unwrap(this.module.remove(this.handle, collection, id));
  }

  count(collection: string): number {
    return Number(unwrap(this.module.count(this.handle, collection)));
  }

  close(): void {
    unwrap(this.module.close(this.handle));
  }
}
