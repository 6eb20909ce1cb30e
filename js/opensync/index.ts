export { opensyncSchema } from './schema.js';
export type * from './types.js';

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
