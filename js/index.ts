export {
  openReplica,
  Replica,
  type OpenReplicaOptions,
  type CollectionRecords,
  type RecordOf,
} from './replica.js';
export {
  RecordService,
  type RecordModel,
  type ListResult,
  type ListOptions,
  type SearchIndex,
  type SearchOptions,
  type SearchResult,
} from './record-service.js';
export { filter } from './filter.js';
export {
  Query,
  resolveIds,
  type QueryTarget,
  type FieldOf,
  type ListFieldOf,
  type SortKey,
  type Operator,
  type OperatorFor,
  type ValueFor,
} from './query.js';
export { generateTypes, recordTypeName, type CodegenOptions } from './codegen.js';
export { excerpt } from './fields.js';
export type { AggregateSpec, AggregateResult, ColumnStats, DimensionSpec, MeasureSpec } from './analytics.js';
export {
  fuseRankings,
  type VectorFieldOptions,
  type VectorSearchOptions,
  type VectorSearchResult,
  type VectorHit,
  type VectorFieldStats,
  type VectorStatsOptions,
  type HybridSearchOptions,
  type HybridSearchResult,
  type HybridHit,
} from './vectors.js';
export { LiveQueries, type Unsubscribe } from './live-queries.js';
export {
  PocketliteError,
  isPocketliteError,
  type PocketliteErrorData,
  type FieldErrors,
} from './engine/errors.js';
export type { SchemaSummary, UpsertResult, FailedRecord } from './model.js';
export { compileEngine, type WasmSource } from './engine/loader.js';
export { replicaFileName, normalizeServerUrl } from './replica-name.js';
export { MemoryStore } from './storage/memory.js';
export type { BlockStore } from './storage/types.js';
export type { CollectionDefinition, FieldDefinition } from './schema-types.js';
export type { LocalIndexes } from './local-indexes.js';
export { type ChangeEvent, type ChangeAction } from './changes.js';
export { newRecordId } from './record-id.js';
export type { OutboxEntry, RecordSyncState, FieldConflict, ServerApplyResult, PullCursor } from './model.js';
export { Sync, startSync, type SyncOptions, type SyncStatus, type SyncStatusEvent } from './sync/sync.js';
export type { SyncMetrics, SyncErrorEvent, SyncProgress, ConflictResolver } from './sync/context.js';
export type { SyncProblem, ServerCapabilities } from './sync/health.js';
export { leveledLogger, type SyncLogger, type LogLevel } from './sync/logger.js';
export { seededRandom } from './sync/backoff.js';
