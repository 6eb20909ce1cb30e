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
export {
  inferProvider,
  providerFilter,
  loadSession,
  withParts,
  sessionMarkdown,
  evalExport,
  sessionsExport,
  messageText,
  partText,
  type SessionWithMessages,
  type MessageWithParts,
  type EvalExportFormat,
  type EvalExportOptions,
  type ExportResult,
} from './sessions.js';
export {
  useSessions,
  useSession,
  useMessages,
  usePublicSession,
  sessionsFilter,
  type UseSessionsOptions,
  type UseMessagesOptions,
} from './hooks-sessions.js';
export {
  useSearchSessions,
  useSearchMessages,
  useAnalytics,
  useEvals,
  useBulkOperations,
  useUser,
  useSemanticSearch,
  useSimilarSessions,
  useHybridSessionSearch,
  deleteSessions,
} from './hooks-account.js';
