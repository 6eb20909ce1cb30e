import type { EngineConnection } from './engine/engine.js';

/** Stops a live query; calling it twice is harmless. */
export type Unsubscribe = () => void;

interface LiveQuery {
  tables: Set<string>;
  run: () => string;
  last: string;
  emit: (json: string) => void;
  onError?: (error: unknown) => void;
}

/**
 * Live queries of one replica. Each knows the collections it reads (from the engine, which asks
 * SQLite's authorizer). After every committed write the engine reports the collections that
 * transaction changed; only the queries reading one of them re-run, once per transaction, and
 * their callback fires only when the result's JSON differs from the last one delivered.
 */
export class LiveQueries {
  private readonly queries = new Set<LiveQuery>();

  constructor(private readonly engine: () => EngineConnection) {}

  /** Starts a query: `run` returns its result as JSON text; `emit` receives each new result. */
  add(
    tables: string[],
    run: () => string,
    emit: (json: string) => void,
    onError?: (error: unknown) => void,
  ): Unsubscribe {
    const query: LiveQuery = { tables: new Set(tables), run, last: run(), emit, onError };
    this.queries.add(query);
    const first = query.last;
    queueMicrotask(() => this.queries.has(query) && emit(first));
    return () => void this.queries.delete(query);
  }

  /** How many live queries are running (a closed or unsubscribed one holds nothing). */
  get size(): number {
    return this.queries.size;
  }

  /** Called after each committed write: re-runs the affected queries. */
  afterWrite(): void {
    const changed = this.engine().takeChanges();
    if (changed.length === 0 || this.queries.size === 0) return;
    for (const query of this.queries) {
      if (!changed.some((table) => query.tables.has(table))) continue;
      let json: string;
      try {
        json = query.run();
      } catch (error) {
        queueMicrotask(() => query.onError?.(error));
        continue;
      }
      if (json === query.last) continue;
      query.last = json;
      queueMicrotask(() => this.queries.has(query) && query.emit(json));
    }
  }

  clear(): void {
    this.queries.clear();
  }
}
