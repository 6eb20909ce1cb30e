// Top-10 vector search over N clustered 1536-d embeddings with a user filter, in one run:
// OpenSync's plan (a JavaScript brute-force cosine loop over Float32Arrays) as the baseline, our
// exact / fast (int8 + rescoring) / binary (sign bits + rescoring) modes with recall@10 against
// exact, @orama/orama's vector search on the same data, and a memory-bandwidth reference (the
// SIMD sum kernel over the same float32 bytes) so each scan is also a multiple of the floor.
// Run: npx tsx bench/vector.ts [vectors=100000] [dimension=1536]
import { create, insertMultiple, search as oramaSearch } from '@orama/orama';

import { openReplica } from '../js/index.js';
import { Random } from '../js/opensync/random.js';
import { TopicEmbeddings } from '../js/opensync/embeddings.js';
import { median, printTable } from './table.js';

const count = Number(process.argv[2] ?? 100_000);
const dimension = Number(process.argv[3] ?? 1536);
const QUERIES = 20;
const users = ['user00000000001', 'user00000000002'];

const random = new Random(17);
const topics = new TopicEmbeddings(17, 40, dimension);
const vectors = Array.from({ length: count }, () =>
  topics.embed(random, random.int(0, 39), random.int(0, 39)),
);
const owner = Array.from({ length: count }, (_, i) => users[i % 2]!);
const ids = Array.from({ length: count }, (_, i) => `vec${String(i).padStart(12, '0')}`);
const queries = Array.from({ length: QUERIES }, () => topics.embed(random, random.int(0, 39)));
const mine = users[0]!;

async function time(fn: (q: Float32Array) => unknown | Promise<unknown>): Promise<number> {
  await fn(queries[0]!);
  const times: number[] = [];
  for (const q of queries) {
    const start = performance.now();
    await fn(q);
    times.push(performance.now() - start);
  }
  return median(times);
}

// --- OpenSync's plan: cosine over Float32Arrays in JavaScript (vectors are unit length).
function bruteForce(query: Float32Array, user: string | null): string[] {
  const top: Array<[number, number]> = [];
  for (let i = 0; i < count; i++) {
    if (user !== null && owner[i] !== user) continue;
    const v = vectors[i]!;
    let s0 = 0,
      s1 = 0,
      s2 = 0,
      s3 = 0;
    for (let d = 0; d < dimension; d += 4) {
      s0 += v[d]! * query[d]!;
      s1 += v[d + 1]! * query[d + 1]!;
      s2 += v[d + 2]! * query[d + 2]!;
      s3 += v[d + 3]! * query[d + 3]!;
    }
    const score = s0 + s1 + s2 + s3;
    if (top.length < 10 || score > top[top.length - 1]![0]) {
      top.push([score, i]);
      top.sort((a, b) => b[0] - a[0]);
      if (top.length > 10) top.pop();
    }
  }
  return top.map(([, i]) => ids[i]!);
}

// --- The replica: a text field of base64 float32 (the compact wire form), indexed in the engine.
const replica = await openReplica({
  url: 'http://bench',
  userId: mine,
  schema: [
    {
      id: 'pbc_vectors',
      name: 'vectors',
      type: 'base',
      fields: [
        { id: 'f_user', name: 'user', type: 'text' },
        { id: 'f_embedding', name: 'embedding', type: 'text', max: 0 },
      ],
    },
  ],
});
await replica.defineVectors('vectors', 'embedding', { dimension });
const loadStart = performance.now();
for (let i = 0; i < count; i += 1000) {
  const page = [];
  for (let j = i; j < Math.min(count, i + 1000); j++) {
    const v = vectors[j]!;
    page.push({
      id: ids[j],
      user: owner[j],
      embedding: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64'),
    });
  }
  const { failed } = await replica.collection('vectors').upsert(JSON.stringify(page));
  if (failed.length > 0) throw new Error(JSON.stringify(failed[0]));
}
const loadMs = performance.now() - loadStart;
const collection = replica.collection('vectors');
const stats = await collection.vectorStats();
const filter = `user = "${mine}"`;
const hitsOf = (r: { items: Array<{ id: string }> }) => r.items.map((h) => h.id);

const recall = async (mode: 'fast' | 'binary'): Promise<number> => {
  let found = 0;
  for (const q of queries) {
    const exact = new Set(hitsOf(await collection.vectorSearch(q, { k: 10, filter })));
    found += hitsOf(await collection.vectorSearch(q, { k: 10, filter, mode })).filter((id) =>
      exact.has(id),
    ).length;
  }
  return found / (queries.length * 10);
};

// The engine's exact answers must be the brute force's (a sanity check before timing).
const exactIds = hitsOf(await collection.vectorSearch(queries[0]!, { k: 10, filter }));
if (JSON.stringify(exactIds) !== JSON.stringify(bruteForce(queries[0]!, mine)))
  throw new Error('exact search disagrees with brute force');

const jsFiltered = await time((q) => bruteForce(q, mine));
const jsAll = await time((q) => bruteForce(q, null));
const exact = await time((q) => collection.vectorSearch(q, { k: 10, filter }));
const exactAll = await time((q) => collection.vectorSearch(q, { k: 10 }));
const fast = await time((q) => collection.vectorSearch(q, { k: 10, filter, mode: 'fast' }));
const binary = await time((q) => collection.vectorSearch(q, { k: 10, filter, mode: 'binary' }));
const fastRecall = await recall('fast');
const binaryRecall = await recall('binary');
// The floor: one SIMD pass summing every stored float (the bytes an unfiltered exact scan reads).
const probe = await time(() => collection.vectorStats());
const probeWithSum = await time(() => collection.vectorStats(undefined, { probe: true }));
const floor = Math.max(probeWithSum - probe, 1e-3);

// --- @orama/orama: vector search with a where filter, same vectors.
const orama = create({
  schema: { id: 'string', user: 'string', embedding: `vector[${dimension}]` } as const,
});
const oramaStart = performance.now();
for (let i = 0; i < count; i += 5000) {
  const docs = [];
  for (let j = i; j < Math.min(count, i + 5000); j++)
    docs.push({ id: ids[j]!, user: owner[j]!, embedding: Array.from(vectors[j]!) });
  await insertMultiple(orama, docs);
}
const oramaLoadMs = performance.now() - oramaStart;
const oramaQuery = (q: Float32Array) =>
  oramaSearch(orama, {
    mode: 'vector',
    vector: { value: Array.from(q), property: 'embedding' },
    similarity: 0,
    limit: 10,
    where: { user: mine },
  });
const oramaMs = await time(oramaQuery);
let oramaFound = 0;
for (const q of queries) {
  const exactSet = new Set(bruteForce(q, mine));
  const result = await oramaQuery(q);
  oramaFound += result.hits.filter((h) => exactSet.has(h.id)).length;
}

console.log(
  `\n${count} × ${dimension} vectors, half of them the user's; loaded in ${(loadMs / 1000).toFixed(1)} s ` +
    `(Orama ${(oramaLoadMs / 1000).toFixed(1)} s). Index: ${stats.fastBytesPerVector} B/vector quantized ` +
    `(target ≤ 1741), ${stats.residentBytesPerVector} B/vector with the float32 copy.`,
);
printTable(
  `Top-10 with a user filter, p50 of ${QUERIES} queries`,
  'p50 ms',
  [
    { name: 'JS brute force over Float32Arrays (baseline)', value: jsFiltered },
    {
      name: 'pocketlite exact (f32 SIMD)',
      value: exact,
      note: `${(exact / (floor / 2)).toFixed(2)}× the bandwidth floor (half the bytes)`,
    },
    { name: 'pocketlite fast (int8 + rescore)', value: fast, note: `recall@10 ${fastRecall.toFixed(3)}` },
    {
      name: 'pocketlite binary (sign bits + rescore)',
      value: binary,
      note: `recall@10 ${binaryRecall.toFixed(3)}`,
    },
    {
      name: '@orama/orama vector search',
      value: oramaMs,
      note: `recall@10 ${(oramaFound / (QUERIES * 10)).toFixed(3)}`,
    },
  ],
  false,
);
printTable(
  'Top-10 over every vector (no filter), p50',
  'p50 ms',
  [
    { name: 'JS brute force over Float32Arrays (baseline)', value: jsAll },
    {
      name: 'pocketlite exact (f32 SIMD)',
      value: exactAll,
      note: `${(exactAll / floor).toFixed(2)}× the bandwidth floor`,
    },
    { name: 'memory-bandwidth floor (SIMD sum, same bytes)', value: floor },
  ],
  false,
);
await replica.close();
