// Analytics types: the declarative aggregation the engine runs and keeps current (rollups).

/** A grouping key: a field name, or an object for coalesced, inferred or bucketed values. */
export type DimensionSpec =
  | string
  | {
      /** The output key (default: the first field). */
      name?: string;
      field?: string;
      /** The first non-empty of these fields. */
      coalesce?: string[];
      /** Group a date field by hour ("YYYY-MM-DD HH:00"), day, week (Monday) or month. */
      bucket?: 'hour' | 'day' | 'week' | 'month';
      /** The fixed UTC offset buckets are cut in, in minutes (+120 for UTC+2). */
      offsetMinutes?: number;
      /** When the value is empty, infer it from another field by case-insensitive substrings. */
      infer?: { from: string; rules: Array<{ contains: string[]; value: string }>; otherwise?: string };
      /** The output value for empty (e.g. "unknown"). */
      empty?: string;
    };

/** A measure of each group; `field`/`coalesce` name its input (dates count as ms). */
export type MeasureSpec = {
  name?: string;
  op: 'count' | 'sum' | 'avg' | 'min' | 'max' | 'countDistinct' | 'percentile';
  /** For percentile: 0–1 (0.5 = median; linear interpolation between ranks). */
  p?: number;
} & Exclude<DimensionSpec, string>;

export interface AggregateSpec {
  groupBy?: DimensionSpec[];
  measures: MeasureSpec[];
  /** PocketBase filter syntax (no @-macros in rollups: a kept result cannot follow the clock). */
  filter?: string;
  /** Names of dimensions or measures, `-name` for descending; dimensions ascending break ties. */
  order?: string[];
  limit?: number;
}

/** An aggregation result: one row per group (cut to the limit) and how many groups there are. */
/** The column store's size for one collection (see `Replica.columnStats()`). */
export interface ColumnStats {
  collection: string;
  rows: number;
  /** The fields held as columns: those some aggregation (or its filter) read. */
  fields: string[];
  /** How each field is held: numbers and PocketBase dates as doubles, anything else as dictionary codes. */
  kinds: Record<string, 'number' | 'date' | 'text'>;
  bytes: number;
}

export interface AggregateResult<Row = Record<string, string | number | null>> {
  rows: Row[];
  groups: number;
}
