// Vector search types, and hybrid search: full-text and vector results fused with Reciprocal
// Rank Fusion. The vector side needs an embedding of the query text, which only the app can make
// (usually by calling a server); without one, or when it fails (offline), search is text-only.

/** A vector field declaration (`replica.defineVectors`). */
export interface VectorFieldOptions {
  /** Dimensions of every vector (1–4096). */
  dimension: number;
  /** Similarity: cosine (default), dot product, or Euclidean (L2) distance. */
  metric?: 'cosine' | 'dot' | 'l2';
  /**
   * How text values are decoded: base64 of float32 (default), float16, or int8 codes after a
   * float32 scale. JSON number arrays are always accepted.
   */
  encoding?: 'f32' | 'f16' | 'i8';
  /**
   * `full` (default) keeps a float32 copy in memory for exact scans and rescoring; `quantized`
   * keeps only the int8 codes and sign bits (1.7 KB per 1536-d vector instead of 7.7 KB) and
   * reads the floats from SQLite when rescoring (exact mode then reads every vector from SQLite).
   */
  resident?: 'full' | 'quantized';
}

/** Options of a vector search. */
export interface VectorSearchOptions {
  /** The vector field (optional when the collection has one). */
  field?: string;
  /** How many results (1–1000, default 10). */
  k?: number;
  /** A PocketBase filter applied before scoring: k results come back whenever k records match. */
  filter?: string;
  /**
   * A single relation field of this collection: `filter` then applies to the records it points
   * to (sessionEmbeddings by `session`: `filter: 'source = "codex"'` keeps the embeddings of those sessions).
   */
  filterVia?: string;
  /** false: each hit's record leaves the vector field out (most of a record's JSON; default true). */
  withVector?: boolean;
  /**
   * `exact` (default) scores every float32 vector. `fast` scans sign bits, re-ranks the best
   * `10 × k × oversample` by int8 codes and rescores the best `k × oversample` in float32. `int8`
   * scans int8 codes, then rescores; `binary` scans sign bits, then rescores. The default
   * oversample is 4 at k ≤ 10 and shrinks as √(10/k) down to 2 (binary: 40); a funnel as wide as
   * half the records the search may return scores them all exactly instead.
   */
  mode?: 'exact' | 'fast' | 'int8' | 'binary';
  oversample?: number;
}

/** A vector search hit: cosine similarity or dot product (higher first), or L2 distance (lower first). */
export interface VectorHit<T> {
  id: string;
  score: number;
  record: T;
}

export interface VectorSearchResult<T> {
  items: Array<VectorHit<T>>;
  mode: 'exact' | 'fast' | 'int8' | 'binary';
  metric: 'cosine' | 'dot' | 'l2';
}

/** Options of `vectorStats`. */
export interface VectorStatsOptions {
  /** false: leave out the stored bytes per vector (finding them reads every record). */
  stored?: boolean;
  /** Also sum every resident float with the SIMD kernel (a benchmark's bandwidth reference). */
  probe?: boolean;
}

/** What the engine reports about a vector field. */
export interface VectorFieldStats {
  field: string;
  dimension: number;
  metric: 'cosine' | 'dot' | 'l2';
  encoding: 'f32' | 'f16' | 'i8';
  resident: 'full' | 'quantized';
  count: number;
  /** Bytes per vector of the quantized index `fast`/`binary` scan (int8 codes, sign bits, scale). */
  fastBytesPerVector: number;
  /** Everything resident per vector, including the float32 copy used by `exact` and rescoring. */
  residentBytesPerVector: number;
  /**
   * Average bytes of the one durable copy, the record's own value: a json field's array packed as
   * float32 (or float64 when a number is not exactly a float32), or a text field's base64. Absent
   * with `{ stored: false }` (finding it reads every record).
   */
  storedBytesPerVector?: { record: number };
  /** Everything a vector costs: resident bytes plus the stored copy (absent as above). */
  totalBytesPerVector?: number;
  /**
   * Filters run so far (by any vector search of this replica) to find the records they allow: the
   * last few are kept, and one is run again only after a write to another collection it reads
   * (writes to its own collection are followed by re-checking the rows they wrote).
   */
  filterScans: number;
}

/** Options of a hybrid search. */
export interface HybridSearchOptions {
  /** The vector field (optional when the collection has one). */
  field?: string;
  /**
   * When the vectors live in another collection that points here (OpenSync's sessionEmbeddings →
   * sessions): that collection and its relation field. Its hits count for the records they point to.
   */
  vectors?: { collection: string; relation: string };
  /** Turns the query text into a vector (e.g. the server's embedding endpoint); may fail offline. */
  embed?: (text: string) => Promise<ArrayLike<number>>;
  /** Results to return (default 10); each side contributes its best `k × 3`. */
  k?: number;
  filter?: string;
  /** Weights of the two rankings in the fusion (default 1 and 1). */
  weights?: { text?: number; vector?: number };
  /** The RRF constant (default 60): larger flattens the difference between ranks. */
  rrfK?: number;
  mode?: VectorSearchOptions['mode'];
}

/** A fused result: its RRF score and its rank on each side (null where it did not appear). */
export interface HybridHit<T> {
  id: string;
  score: number;
  textRank: number | null;
  vectorRank: number | null;
  record: T;
}

export interface HybridSearchResult<T> {
  items: Array<HybridHit<T>>;
  /** How many of `items` each side ranked (an item both ranked counts for both). */
  sides: { text: number; vector: number };
  /** Whether the vector side ran (false: no embed callback, or it failed). */
  usedVectors: boolean;
  /** Why the vector side did not run, when it did not. */
  vectorError?: string;
  /** Why the text side did not run, when it did not (a query of no words, such as `*`). */
  textError?: string;
}

/**
 * Reciprocal Rank Fusion: each list adds weight / (rrfK + rank) (rank from 1) to its items;
 * the sum orders the result. Ties keep the text order, then the vector order.
 */
export function fuseRankings<T>(
  text: Array<{ id: string; record: T }>,
  vector: Array<{ id: string; record: T }>,
  options: { k: number; rrfK: number; textWeight: number; vectorWeight: number },
): Array<HybridHit<T>> {
  const fused = new Map<string, HybridHit<T>>();
  const add = (list: Array<{ id: string; record: T }>, weight: number, side: 'textRank' | 'vectorRank') =>
    list.forEach((item, index) => {
      const hit = fused.get(item.id) ?? {
        id: item.id,
        score: 0,
        textRank: null,
        vectorRank: null,
        record: item.record,
      };
      hit.score += weight / (options.rrfK + index + 1);
      hit[side] = index + 1;
      fused.set(item.id, hit);
    });
  add(text, options.textWeight, 'textRank');
  add(vector, options.vectorWeight, 'vectorRank');
  return [...fused.values()].sort((a, b) => b.score - a.score).slice(0, options.k);
}
