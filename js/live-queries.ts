import type { Unsubscribe } from './model.js';

export type { Unsubscribe } from './model.js';

/** A live query's table that every change matches (what storage statistics read). */
export const EVERY_TABLE = '*';

interface LiveQuery {
  tables: Set<string>;
  run: () => string;
  last: string;
  emit: (json: string) => void;
  onError?: (error: unknown) => void;
  stats: LiveQueryStats;
}

/** What one live query has cost so far (for devtools). */
export interface LiveQueryStats {
  /** What it is: the collection, the kind of query and its options. */
  label: string;
  /** The tables whose changes re-run it. */
  tables: string[];
  /** Runs, the first included; and how many of them changed the result (and so were delivered). */
  runs: number;
  changes: number;
  /** Milliseconds of the last run, the slowest, and all runs together. */
  lastMs: number;
  maxMs: number;
  totalMs: number;
}

/**
 * Live queries of one replica. Each knows the tables it reads (from the engine, which asks
 * SQLite's authorizer). Each committed call's effects name the tables it changed (ChangeSink);
 * only the queries reading one of them re-run, once per call, and their callback fires only when
 * the result's JSON differs from the last one delivered.
 */
export class LiveQueries {
  private readonly queries = new Set<LiveQuery>();

  /**
   * Starts a query named `label`: `run` returns its result as JSON text; `emit` receives each
   * new result.
   */
  add(
    label: string,
    tables: string[],
    run: () => string,
    emit: (json: string) => void,
    onError?: (error: unknown) => void,
  ): Unsubscribe {
    const stats: LiveQueryStats = { label, tables, runs: 0, changes: 1, lastMs: 0, maxMs: 0, totalMs: 0 };
    const query: LiveQuery = { tables: new Set(tables), run, last: '', emit, onError, stats };
    query.last = timed(query);
    this.queries.add(query);
    const first = query.last;
    queueMicrotask(() => this.queries.has(query) && emit(first));
    return () => void this.queries.delete(query);
  }

  /** How many live queries are running (a closed or unsubscribed one holds nothing). */
  get size(): number {
    return this.queries.size;
  }

  /** What each running query has cost so far. */
  stats(): LiveQueryStats[] {
    return [...this.queries].map((query) => ({ ...query.stats }));
  }

  /** Re-runs the queries that read one of `changed` (the tables a committed call changed). */
  rerun(changed: string[]): void {
    if (changed.length === 0 || this.queries.size === 0) return;
    for (const query of this.queries) {
      if (!query.tables.has(EVERY_TABLE) && !changed.some((table) => query.tables.has(table))) continue;
      let json: string;
      try {
        json = timed(query);
      } catch (error) {
        queueMicrotask(() => query.onError?.(error));
        continue;
      }
      if (json === query.last) continue;
      query.last = json;
      query.stats.changes++;
      queueMicrotask(() => this.queries.has(query) && query.emit(json));
    }
  }

  clear(): void {
    this.queries.clear();
  }
}

// Runs a query, counting the run and its time.
function timed(query: LiveQuery): string {
  const start = performance.now();
  try {
    return query.run();
  } finally {
    const ms = performance.now() - start;
    const { stats } = query;
    stats.runs++;
    stats.lastMs = ms;
    stats.maxMs = Math.max(stats.maxMs, ms);
    stats.totalMs += ms;
  }
}
