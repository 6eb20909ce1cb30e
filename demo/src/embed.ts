// The demo has no embedding model. A query's vector is taken from its best text matches: the mean
// of their stored embeddings (pseudo-relevance feedback), so semantic and hybrid search find
// sessions near what the words found, offline. An app passes its model's embed instead.
import { filter } from '../../js/filter.js';
import type { ReplicaSource } from '../../js/source.js';

export function embedFromMatches(replica: ReplicaSource) {
  return async (text: string): Promise<Float32Array> => {
    const hits = await replica.collection('sessions').search(text, { limit: 5 });
    if (hits.items.length === 0) throw new Error('no text match to take a meaning from');
    const ids = hits.items.map((h) => h.record.id);
    const rows = await replica
      .collection('sessionEmbeddings')
      .getFullList({ filter: ids.map((id) => filter('session = {:id}', { id })).join(' || ') });
    const vectors = rows.map((r) => r.embedding).filter((v): v is number[] => Array.isArray(v));
    if (vectors.length === 0) throw new Error('the matches have no embeddings yet');
    const mean = new Float32Array(vectors[0]!.length);
    for (const v of vectors) for (let i = 0; i < mean.length; i++) mean[i]! += v[i]! / vectors.length;
    return mean;
  };
}
