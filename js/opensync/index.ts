export { opensyncSchema } from './schema.js';
export {
  generateOpenSync,
  SIZES,
  type GeneratorOptions,
  type GeneratorSize,
  type OpenSyncDataset,
} from './generator.js';
export { TopicEmbeddings, EMBEDDING_DIMENSION, toJsonArray } from './embeddings.js';
export { Random } from './random.js';
