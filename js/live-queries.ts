import type { Unsubscribe } from './model.js';

export type { Unsubscribe } from './model.js';

interface LiveQuery {
  tables: Set<string>;
  run: () => string;
  last: string;
  emit: (json: string) => void;
  onError?: (error: unknown) => void;
}

/**
 * Live queries of one replica. Each knows the tables it reads (from the engine, which asks
 * SQLite's authorizer). Each committed call's effects name the tables it changed (ChangeSink);
 * only the queries reading one of them re-run, once per call, and their callback fires only when
 * the result's JSON differs from the last one delivered.
 */
export class LiveQueries {
  private readonly queries = new Set<LiveQuery>();

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

  /** Re-runs the queries that read one of `changed` (the tables a committed call changed). */
  rerun(changed: string[]): void {
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
