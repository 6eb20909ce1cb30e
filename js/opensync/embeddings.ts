import { Random } from './random.js';

/** The dimension of OpenAI text-embedding-3-small, which OpenSync uses. */
export const EMBEDDING_DIMENSION = 1536;

/**
 * Unit-length vectors that cluster by topic like real text embeddings: each topic has a random
 * centroid; an item's vector is its centroid plus noise (and a pull toward a second topic), then
 * normalised. Items of one topic have cosine similarity around 0.7–0.8, unrelated ones near 0.
 */
export class TopicEmbeddings {
  private readonly centroids: Float32Array[];

  constructor(
    seed: number,
    topics: number,
    readonly dimension = EMBEDDING_DIMENSION,
  ) {
    const random = new Random(seed ^ 0x9e3779b9);
    this.centroids = Array.from({ length: topics }, () => normalize(gaussian(random, dimension)));
  }

  /** A vector for an item of `topic`, optionally blended with `secondTopic`. */
  embed(random: Random, topic: number, secondTopic = topic, noise = 0.6): Float32Array {
    const a = this.centroids[topic % this.centroids.length]!;
    const b = this.centroids[secondTopic % this.centroids.length]!;
    const out = new Float32Array(this.dimension);
    const scale = noise / Math.sqrt(this.dimension);
    for (let i = 0; i < this.dimension; i++) out[i] = 0.8 * a[i]! + 0.2 * b[i]! + scale * random.normal();
    return normalize(out);
  }
}

function gaussian(random: Random, n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = random.normal();
  return out;
}

function normalize(v: Float32Array): Float32Array {
  let sum = 0;
  for (const x of v) sum += x * x;
  const inv = 1 / Math.sqrt(sum || 1);
  for (let i = 0; i < v.length; i++) v[i]! *= inv;
  return v;
}

/** JSON-friendly form: numbers rounded to 6 digits (what a server would store and send). */
export function toJsonArray(v: Float32Array): number[] {
  return Array.from(v, (x) => Math.round(x * 1e6) / 1e6);
}
