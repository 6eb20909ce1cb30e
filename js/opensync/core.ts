// OpenSync's preset without React: schema, record types, analytics, the data generator,
// embeddings and the session exports. Node scripts and workers import this part
// (pocketlite/opensync/core); pocketlite/opensync adds the React hooks.
export { opensyncSchema } from './schema.js';
export type * from './types.js';

/** OpenSync's embedding fields (OpenAI text-embedding-3-small, 1536 floats). */
export const opensyncVectors = {
  sessionEmbeddings: { embedding: { dimension: 1536 } },
  messageEmbeddings: { embedding: { dimension: 1536 } },
};

/** The full-text indexes OpenSync's search pages use. */
export const opensyncSearch: Record<string, string[]> = {
  sessions: ['title', 'searchableText'],
  messages: ['textContent'],
};
export {
  generateOpenSync,
  SIZES,
  type GeneratorOptions,
  type GeneratorSize,
  type OpenSyncDataset,
} from './generator.js';
export { TopicEmbeddings, EMBEDDING_DIMENSION, toJsonArray } from './embeddings.js';
export { Random } from './random.js';
export {
  opensyncAnalytics,
  opensyncUserStats,
  opensyncEvalStats,
  opensyncStorageStats,
  opensyncRollupSpecs,
  PROVIDER_RULES,
  type OpenSyncAnalyticsOptions,
} from './analytics.js';
// The pure parts of the hooks contract: conversions, exports and statistics, and its types.
export { inferProvider, epochMs } from './contract/convert.js';
export { sessionMarkdown, bulkSessionMarkdown } from './contract/markdown.js';
export { bulkExport, csvField, type ExportedSession } from './contract/bulk-export.js';
export { evalExport, anonymizePaths } from './contract/eval-export.js';
export {
  summaryStats,
  dailyStats,
  modelStats,
  projectStats,
  providerStats,
  sourceStats,
  userStats,
  evalStats,
} from './contract/stats.js';
export { loadSessionWithMessages, sessionRecords } from './contract/load.js';
export type * from './contract/records.js';
export type * from './contract/types.js';
