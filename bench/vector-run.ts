// The vector benchmark itself, shared by the Node run (bench/vector.ts) and the headless
// Chromium run (bench/vector-browser.ts): top-10 vector search over `count` clustered embeddings
// with a user filter. OpenSync's plan (a JavaScript brute-force cosine loop over Float32Arrays)
// is the baseline; next to it our exact / fast / int8 / binary modes with recall@10 against
// exact, @orama/orama's vector search on the same data, and a memory-bandwidth reference (the
// SIMD sum kernel over the same float32 bytes).
import { create, insertMultiple, search as oramaSearch } from '@orama/orama';

import { openReplica } from '../js/index.js';
import { TopicEmbeddings } from '../js/opensync/embeddings.js';
import { Random } from '../js/opensync/random.js';
import { interleave, median, printComparison } from './table.js';

/** One contender: its technique, its p50 in each round, and a note (its recall). */
export interface BenchRow {
  name: string;
  technique: string;
  values: number[];
  note?: string;
}

export interface VectorBenchResult {
  header: string;
  rounds: number;
  filtered: BenchRow[];
  unfiltered: BenchRow[];
}

const QUERIES = 20;
const users = ['user00000000001', 'user00000000002'];

function base64(v: Float32Array): string {
  const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export async function runVectorBench(
  count: number,
  dimension: number,
  log = (_: string) => {},
  rounds = 3,
): Promise<VectorBenchResult> {
  const random = new Random(17);
  const topics = new TopicEmbeddings(17, 40, dimension);
  const vectors = Array.from({ length: count }, () =>
    topics.embed(random, random.int(0, 39), random.int(0, 39)),
  );
  const owner = Array.from({ length: count }, (_, i) => users[i % 2]!);
  const ids = Array.from({ length: count }, (_, i) => `vec${String(i).padStart(12, '0')}`);
  const queries = Array.from({ length: QUERIES }, () => topics.embed(random, random.int(0, 39)));
  const mine = users[0]!;

  // Five warm-up calls: V8 tiers wasm and JavaScript up late, and every contender gets the same.
  async function time(fn: (q: Float32Array) => unknown): Promise<number> {
    for (let w = 0; w < 5; w++) await fn(queries[w % queries.length]!);
    const times: number[] = [];
    for (const q of queries) {
      const start = performance.now();
      await fn(q);
      times.push(performance.now() - start);
    }
    return median(times);
  }

  // OpenSync's plan: cosine over Float32Arrays in JavaScript (the vectors are unit length).
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

  // A JavaScript quantized search, the technique our fast mode uses, as an expert would write it:
  // sign bits packed 32 to a word, the Hamming distance of every vector by popcount, then the
  // CANDIDATES nearest (a histogram of distances finds the cut) rescored exactly.
  const CANDIDATES = 400;
  const words = Math.ceil(dimension / 32);
  const signBits = (v: Float32Array, out: Uint32Array, at: number) => {
    for (let d = 0; d < dimension; d++) if (v[d]! > 0) out[at + (d >>> 5)]! |= 1 << (d & 31);
  };
  const bits = new Uint32Array(count * words);
  vectors.forEach((v, i) => signBits(v, bits, i * words));
  const popcount = (x: number) => {
    x -= (x >>> 1) & 0x55555555;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) as number;
  };
  const distance = new Uint16Array(count);
  function quantized(query: Float32Array, user: string | null): string[] {
    const q = new Uint32Array(words);
    signBits(query, q, 0);
    const histogram = new Uint32Array(dimension + 2);
    for (let i = 0; i < count; i++) {
      if (user !== null && owner[i] !== user) {
        distance[i] = dimension + 1;
        continue;
      }
      let h = 0;
      for (let w = 0, at = i * words; w < words; w++) h += popcount(bits[at + w]! ^ q[w]!);
      distance[i] = h;
      histogram[h]!++;
    }
    let cut = 0;
    for (let seen = 0; cut <= dimension && seen + histogram[cut]! < CANDIDATES; cut++)
      seen += histogram[cut]!;
    const top: Array<[number, number]> = [];
    for (let i = 0; i < count; i++) {
      if (distance[i]! > cut) continue;
      const v = vectors[i]!;
      let score = 0;
      for (let d = 0; d < dimension; d++) score += v[d]! * query[d]!;
      if (top.length < 10 || score > top[top.length - 1]![0]) {
        top.push([score, i]);
        top.sort((a, b) => b[0] - a[0]);
        if (top.length > 10) top.pop();
      }
    }
    return top.map(([, i]) => ids[i]!);
  }

  // The replica: a text field of base64 float32 (the compact wire form), indexed in the engine.
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
  let loadMs = 0; // the upserts only, not building their JSON
  for (let i = 0; i < count; i += 1000) {
    const page = [];
    for (let j = i; j < Math.min(count, i + 1000); j++)
      page.push({ id: ids[j], user: owner[j], embedding: base64(vectors[j]!) });
    const json = JSON.stringify(page);
    const start = performance.now();
    const { failed } = await replica.collection('vectors').upsert(json);
    loadMs += performance.now() - start;
    if (failed.length > 0) throw new Error(JSON.stringify(failed[0]));
  }
  log(`loaded ${count} vectors into the replica in ${(loadMs / 1000).toFixed(1)} s`);
  const collection = replica.collection('vectors');
  const stats = await collection.vectorStats();
  const filter = `user = "${mine}"`;
  const hitsOf = (r: { items: Array<{ id: string }> }) => r.items.map((h) => h.id);

  const recall = async (mode: 'fast' | 'int8' | 'binary'): Promise<number> => {
    let found = 0;
    for (const q of queries) {
      const exact = new Set(hitsOf(await collection.vectorSearch(q, { k: 10, filter })));
      const approximate = hitsOf(await collection.vectorSearch(q, { k: 10, filter, mode }));
      found += approximate.filter((id) => exact.has(id)).length;
    }
    return found / (queries.length * 10);
  };

  // The engine's exact answer must be the brute force's (a sanity check before timing).
  const exactIds = hitsOf(await collection.vectorSearch(queries[0]!, { k: 10, filter }));
  if (JSON.stringify(exactIds) !== JSON.stringify(bruteForce(queries[0]!, mine)))
    throw new Error('exact search disagrees with brute force');

  // Every contender's p50 once per round, interleaved (bench/table.ts), Orama's included below.
  const filteredRuns = [
    () => time((q) => bruteForce(q, mine)),
    () => time((q) => quantized(q, mine)),
    () => time((q) => collection.vectorSearch(q, { k: 10, filter })),
    () => time((q) => collection.vectorSearch(q, { k: 10, filter, mode: 'fast' })),
    () => time((q) => collection.vectorSearch(q, { k: 10, filter, mode: 'int8' })),
    () => time((q) => collection.vectorSearch(q, { k: 10, filter, mode: 'binary' })),
  ];
  const [jsFiltered, jsQuantized, exact, fast, int8, binary] = await interleave(filteredRuns, rounds, 0);
  const [jsAll, exactAll] = await interleave(
    [() => time((q) => bruteForce(q, null)), () => time((q) => collection.vectorSearch(q, { k: 10 }))],
    rounds,
    0,
  );
  let jsQuantizedFound = 0;
  for (const q of queries) {
    const exactSet = new Set(bruteForce(q, mine));
    jsQuantizedFound += quantized(q, mine).filter((id) => exactSet.has(id)).length;
  }
  const fastRecall = await recall('fast');
  const int8Recall = await recall('int8');
  const binaryRecall = await recall('binary');
  // The floor: one SIMD pass summing every stored float (the bytes an unfiltered exact scan reads).
  const call = await time(() => collection.vectorStats(undefined, { stored: false }));
  const withSum = await time(() => collection.vectorStats(undefined, { stored: false, probe: true }));
  const floor = Math.max(withSum - call, 1e-3);
  await replica.close();
  log('timed the replica');

  // @orama/orama: vector search with a where filter, same vectors; the user an `enum` (an exact
  // match filter), not a full-text `string`.
  const orama = create({
    schema: { id: 'string', user: 'enum', embedding: `vector[${dimension}]` } as const,
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
      where: { user: { eq: mine } },
    });
  const oramaMs: number[] = [];
  for (let round = 0; round < rounds; round++) oramaMs.push(await time(oramaQuery));
  let oramaFound = 0;
  for (const q of queries) {
    const exactSet = new Set(bruteForce(q, mine));
    oramaFound += (await oramaQuery(q)).hits.filter((h) => exactSet.has(h.id)).length;
  }
  return {
    header:
      `${count} × ${dimension} vectors, half of them the user's; loaded in ${(loadMs / 1000).toFixed(1)} s ` +
      `(Orama ${(oramaLoadMs / 1000).toFixed(1)} s). Index: ${stats.fastBytesPerVector} B/vector quantized ` +
      `(target ≤ 1741), ${stats.residentBytesPerVector} B/vector with the float32 copy.`,
    rounds,
    filtered: [
      {
        name: 'JS brute force over Float32Arrays',
        technique: "OpenSync's plan: a cosine loop, four accumulators",
        values: jsFiltered!,
      },
      {
        name: 'JS quantized',
        technique: `sign bits 32 to a word, Hamming by popcount, the nearest ${CANDIDATES} rescored`,
        values: jsQuantized!,
        note: `recall@10 ${(jsQuantizedFound / (QUERIES * 10)).toFixed(3)}`,
      },
      { name: 'pocketlite exact', technique: "every vector of the user's, f32 SIMD", values: exact! },
      {
        name: 'pocketlite fast',
        technique: 'sign bits → int8 codes → f32 rescoring',
        values: fast!,
        note: `recall@10 ${fastRecall.toFixed(3)}`,
      },
      {
        name: 'pocketlite int8',
        technique: 'int8 codes, then f32 rescoring',
        values: int8!,
        note: `recall@10 ${int8Recall.toFixed(3)}`,
      },
      {
        name: 'pocketlite binary',
        technique: 'sign bits, then f32 rescoring',
        values: binary!,
        note: `recall@10 ${binaryRecall.toFixed(3)}`,
      },
      {
        name: '@orama/orama, user an enum',
        technique: "Orama's vector search with an exact-match where",
        values: oramaMs,
        note: `recall@10 ${(oramaFound / (QUERIES * 10)).toFixed(3)}`,
      },
    ],
    unfiltered: [
      {
        name: 'JS brute force over Float32Arrays',
        technique: 'a cosine loop, four accumulators',
        values: jsAll!,
      },
      {
        name: 'pocketlite exact',
        technique: `f32 SIMD; ${(median(exactAll!) / floor).toFixed(2)}× the bandwidth floor (${floor.toFixed(2)} ms)`,
        values: exactAll!,
      },
    ],
  };
}

/** Prints the result as the two tables: p50 and the ratio to the JS brute force per round. */
export function printVectorBench(result: VectorBenchResult, where: string): void {
  console.log(`\n${where}: ${result.header}`);
  const print = (title: string, rows: BenchRow[]) => {
    printComparison(
      title,
      rows,
      rows.map((r) => r.values),
      { unit: 'ms', higherIsBetter: false },
    );
    for (const row of rows) if (row.note) console.log(`  ${row.name}: ${row.note}`);
  };
  print(
    `Top-10 with a user filter, p50 of ${QUERIES} queries, ${result.rounds} interleaved rounds`,
    result.filtered,
  );
  print('Top-10 over every vector (no filter)', result.unfiltered);
}
