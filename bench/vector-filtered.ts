// Filtered and wide vector search against a strong JavaScript baseline (issue 20's cases).
// Run: npx tsx bench/vector-filtered.ts [vectors=40000 | real] [dimension=384] [rounds=3] [indexed]
// (`real`: about 28k passages of real text embedded with all-MiniLM-L6-v2 by bench/embed/setup.sh,
// once, and 48 labelled questions as the queries, with their hybrid-search quality at the end.)
//
// The baseline is what an expert would write in JS (bench/vector-baseline.ts). Cases, top-10,
// p50 of 20 queries each: no filter; a 20% filter (kept from the last query); the same filter
// right after a write to another collection (which must not cost a re-scan); and right after a
// write to the filtered collection (whose written rows are re-checked). Then exact and fast by k from 10 to 200 (no filter) with recall@k.
// Our hits are records without their vector (`withVector: false`), as an app showing results
// asks for them; the baseline returns ids.
// Contenders alternate within a round; each round repeats the whole comparison, and the ratio's
// min / median / max across rounds is printed.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

import { openReplica } from '../js/index.js';
import { TopicEmbeddings } from '../js/opensync/embeddings.js';
import { Random } from '../js/opensync/random.js';
import { median } from './table.js';
import { bruteForce as jsBruteForce } from './vector-baseline.js';

// `real`: the corpus of real text embedded with all-MiniLM-L6-v2 (bench/embed/), its labelled
// questions as the queries; otherwise the generator's clustered vectors.
const real = process.argv[2] === 'real';
const rounds = Number(process.argv[4] ?? 3);
// `indexed`: the collection's schema has an index on the filtered field (as PocketBase's `indexes` declare it).
const indexed = process.argv[5] === 'indexed';
const GROUPS = 5; // `group = 2` keeps 20%

interface Passage {
  id: string;
  title: string;
  body: string;
  embedding: string;
}
interface Question {
  question: string;
  expected: string[];
  embedding: string;
}
const floats = (base64: string) => {
  const bytes = Buffer.from(base64, 'base64');
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
};
const corpus = real
  ? (JSON.parse(
      readFileSync(
        execFileSync('bash', ['bench/embed/setup.sh'], { stdio: ['ignore', 'pipe', 'inherit'] })
          .toString()
          .trim(),
        'utf8',
      ),
    ) as { passages: Passage[]; questions: Question[] })
  : null;
const count = corpus ? corpus.passages.length : Number(process.argv[2] ?? 40_000);
const dimension = corpus ? 384 : Number(process.argv[3] ?? 384);

const random = new Random(23);
const topics = new TopicEmbeddings(23, 40, dimension);
const arena = new Float32Array(count * dimension);
const groups = new Uint8Array(count);
const ids = corpus
  ? corpus.passages.map((p) => p.id)
  : Array.from({ length: count }, (_, i) => `vec${String(i).padStart(12, '0')}`);
for (let i = 0; i < count; i++) {
  arena.set(
    corpus
      ? floats(corpus.passages[i]!.embedding)
      : topics.embed(random, random.int(0, 39), random.int(0, 39)),
    i * dimension,
  );
  groups[i] = i % GROUPS;
}
const queries = corpus
  ? corpus.questions.map((q) => floats(q.embedding))
  : Array.from({ length: 20 }, () => topics.embed(random, random.int(0, 39)));
const QUERIES = queries.length;
const allowed = Int32Array.from({ length: Math.ceil((count - 2) / GROUPS) }, (_, j) => j * GROUPS + 2);

// The JS baseline (bench/vector-baseline.ts): rows `among` (all when null), returning ids.
const bruteForce = (query: Float32Array, k: number, among: Int32Array | null): string[] =>
  jsBruteForce(arena, dimension, query, k, among).map((row) => ids[row]!);

const replica = await openReplica({
  url: 'http://bench-vector-filtered',
  schema: [
    {
      id: 'pbc_vectors0001',
      name: 'vectors',
      type: 'base',
      fields: [
        { id: 'f_group', name: 'group', type: 'number' },
        { id: 'f_embedding', name: 'embedding', type: 'json' },
        { id: 'f_title', name: 'title', type: 'text' },
        { id: 'f_body', name: 'body', type: 'text' },
      ],
      indexes: indexed ? ['CREATE INDEX `idx_vectors_group` ON `vectors` (`group`)'] : [],
    },
    {
      id: 'pbc_notes000001',
      name: 'notes',
      type: 'base',
      fields: [{ id: 'f_body', name: 'body', type: 'text' }],
    },
  ],
});
await replica.defineVectors('vectors', 'embedding', { dimension });
if (corpus) await replica.defineSearch('vectors', ['title', 'body'], { stemming: true });
const loadStart = performance.now();
for (let i = 0; i < count; i += 1000) {
  const page = [];
  for (let j = i; j < Math.min(count, i + 1000); j++)
    page.push({
      id: ids[j],
      group: groups[j],
      embedding: Array.from(arena.subarray(j * dimension, (j + 1) * dimension)),
      ...(corpus ? { title: corpus.passages[j]!.title, body: corpus.passages[j]!.body } : {}),
    });
  await replica.collection('vectors').upsert(JSON.stringify(page));
}
console.error(
  `loaded ${count} × ${dimension}${corpus ? ' (real text, all-MiniLM-L6-v2)' : ''} in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`,
);
const vectors = replica.collection('vectors');
const filter = 'group = 2';
const idsOf = (r: { items: Array<{ id: string }> }) => r.items.map((h) => h.id);

// Sanity: the engine's exact answer is the baseline's.
for (const among of [null, allowed]) {
  const ours = idsOf(await vectors.vectorSearch(queries[0]!, { k: 10, ...(among ? { filter } : {}) }));
  if (JSON.stringify(ours) !== JSON.stringify(bruteForce(queries[0]!, 10, among)))
    throw new Error('exact search disagrees with the JS brute force');
}

let note = 0;
const writeOther = () =>
  replica.collection('notes').upsert({ id: `note${String(note++).padStart(11, '0')}`, body: 'x' });
let flip = 0; // moves a record of group 1 to 3 and back: the filter's result stays, its table changed
const writeSame = () => vectors.update(ids[1]!, { group: flip++ % 2 ? 1 : 3 });

// p50 over the queries; `before` runs untimed before each query (a write).
async function p50(search: (q: Float32Array) => unknown, before?: () => Promise<unknown>): Promise<number> {
  await search(queries[0]!);
  const times: number[] = [];
  for (const q of queries) {
    await before?.();
    const start = performance.now();
    await search(q);
    times.push(performance.now() - start);
  }
  return median(times);
}

async function recallAt(k: number, options: { filter?: string } = {}): Promise<number> {
  let found = 0;
  for (const q of queries) {
    const exact = new Set(idsOf(await vectors.vectorSearch(q, { k, ...options })));
    found += idsOf(await vectors.vectorSearch(q, { k, mode: 'fast', ...options })).filter((id) =>
      exact.has(id),
    ).length;
  }
  return found / (queries.length * k);
}

interface Case {
  name: string;
  js: (q: Float32Array) => unknown;
  exact: (q: Float32Array) => unknown;
  fast: (q: Float32Array) => unknown;
  before?: () => Promise<unknown>;
}
const cases: Case[] = [
  {
    name: 'no filter',
    js: (q) => bruteForce(q, 10, null),
    exact: (q) => vectors.vectorSearch(q, { k: 10, withVector: false }),
    fast: (q) => vectors.vectorSearch(q, { k: 10, mode: 'fast', withVector: false }),
  },
  {
    name: '20% filter, kept',
    js: (q) => bruteForce(q, 10, allowed),
    exact: (q) => vectors.vectorSearch(q, { k: 10, filter, withVector: false }),
    fast: (q) => vectors.vectorSearch(q, { k: 10, filter, mode: 'fast', withVector: false }),
  },
  {
    name: '20% filter, after a write elsewhere',
    js: (q) => bruteForce(q, 10, allowed),
    exact: (q) => vectors.vectorSearch(q, { k: 10, filter, withVector: false }),
    fast: (q) => vectors.vectorSearch(q, { k: 10, filter, mode: 'fast', withVector: false }),
    before: writeOther,
  },
  {
    name: '20% filter, after a write to it',
    js: (q) => bruteForce(q, 10, allowed),
    exact: (q) => vectors.vectorSearch(q, { k: 10, filter, withVector: false }),
    fast: (q) => vectors.vectorSearch(q, { k: 10, filter, mode: 'fast', withVector: false }),
    before: writeSame,
  },
];
const K = [10, 25, 50, 100, 200];

const results = new Map<string, number[]>();
const add = (key: string, value: number) => results.set(key, [...(results.get(key) ?? []), value]);
for (let round = 0; round < rounds; round++) {
  for (const c of cases) {
    const js = await p50(c.js, c.before);
    const exact = await p50(c.exact, c.before);
    const fast = await p50(c.fast, c.before);
    add(`${c.name}|js`, js);
    add(`${c.name}|exact`, exact);
    add(`${c.name}|fast`, fast);
    add(`${c.name}|exact ratio`, js / exact);
    add(`${c.name}|fast ratio`, js / fast);
  }
  for (const k of K) {
    const exact = await p50((q) => vectors.vectorSearch(q, { k, withVector: false }));
    const fast = await p50((q) => vectors.vectorSearch(q, { k, mode: 'fast', withVector: false }));
    add(`k=${k}|exact`, exact);
    add(`k=${k}|fast`, fast);
    add(`k=${k}|fast/exact`, fast / exact);
  }
  console.error(`round ${round + 1} of ${rounds} done`);
}
const scans = (await vectors.vectorStats()).filterScans;

const spread = (key: string, digits = 2) => {
  const values = [...results.get(key)!].sort((a, b) => a - b);
  return `${values[0]!.toFixed(digits)} / ${median(values).toFixed(digits)} / ${values.at(-1)!.toFixed(digits)}`;
};
console.log(
  `\n${count} × ${dimension} ${corpus ? 'all-MiniLM-L6-v2 embeddings of real text' : 'clustered vectors'}, top-10, p50 of ${QUERIES} queries; min / median / max of ${rounds} rounds`,
);
console.log(
  `${'case'.padEnd(38)} ${'JS ms'.padStart(22)} ${'exact ×JS'.padStart(22)} ${'fast ×JS'.padStart(22)}`,
);
for (const c of cases)
  console.log(
    `${c.name.padEnd(38)} ${spread(`${c.name}|js`).padStart(22)} ${spread(`${c.name}|exact ratio`).padStart(22)} ${spread(`${c.name}|fast ratio`).padStart(22)}`,
  );
console.log(
  `fast recall@10: no filter ${(await recallAt(10)).toFixed(3)}, 20% filter ${(await recallAt(10, { filter })).toFixed(3)}`,
);
console.log(`filters run in all (once each; a write is followed, not re-run): ${scans}`);
console.log(`\nBy k, no filter (ms: min / median / max)`);
console.log(
  `${'k'.padEnd(6)} ${'exact ms'.padStart(22)} ${'fast ms'.padStart(22)} ${'fast / exact'.padStart(22)} ${'recall@k'.padStart(10)}`,
);
for (const k of K)
  console.log(
    `${String(k).padEnd(6)} ${spread(`k=${k}|exact`).padStart(22)} ${spread(`k=${k}|fast`).padStart(22)} ${spread(`k=${k}|fast/exact`).padStart(22)} ${(await recallAt(k)).toFixed(3).padStart(10)}`,
  );
const stats = await vectors.vectorStats();
console.log(
  `\nmemory per vector: ${stats.residentBytesPerVector} B resident (${stats.fastBytesPerVector} B quantized index), ` +
    `${stats.storedBytesPerVector!.record.toFixed(0)} B stored in the record: ` +
    `${stats.totalBytesPerVector!.toFixed(0)} B in all`,
);
if (corpus) await hybridQuality(corpus.questions);
await replica.close();

// hits@10 of each side and of their fusion on the labelled questions: a question is answered when
// a passage titled by one of its expected names is among the first ten.
async function hybridQuality(questions: Question[]): Promise<void> {
  const titles = (items: Array<{ title: string }>) => items.map((r) => r.title);
  const answered = { text: 0, vector: 0, hybrid: 0, halfText: 0 };
  const sides = { text: 0, vector: 0 };
  for (const q of questions) {
    const found = (got: string[]) => (got.some((t) => q.expected.includes(t)) ? 1 : 0);
    const text = await vectors.search(q.question, { limit: 10, match: 'any' });
    answered.text += found(titles(text.items.map((h) => h.record as unknown as { title: string })));
    const near = await vectors.vectorSearch(floats(q.embedding), { k: 10, withVector: false });
    answered.vector += found(titles(near.items.map((h) => h.record as unknown as { title: string })));
    const both = await vectors.hybridSearch(q.question, { k: 10, embed: async () => floats(q.embedding) });
    answered.hybrid += found(titles(both.items.map((h) => h.record as unknown as { title: string })));
    const halfText = await vectors.hybridSearch(q.question, {
      k: 10,
      embed: async () => floats(q.embedding),
      weights: { text: 0.5 },
    });
    answered.halfText += found(titles(halfText.items.map((h) => h.record as unknown as { title: string })));
    sides.text += both.sides.text;
    sides.vector += both.sides.vector;
  }
  const share = (n: number) => `${n} of ${questions.length} (${((100 * n) / questions.length).toFixed(0)}%)`;
  console.log(
    `\nHybrid quality on ${questions.length} labelled questions (bench/embed/questions.json), hits@10:`,
  );
  console.log(`  text only (any-term BM25, stemming): ${share(answered.text)}`);
  console.log(`  vector only (exact):                 ${share(answered.vector)}`);
  console.log(`  hybrid (RRF of both):                ${share(answered.hybrid)}`);
  console.log(`  hybrid, text weighted 0.5:           ${share(answered.halfText)}`);
  console.log(
    `  hybrid results per question ranked by each side (mean): text ${(sides.text / questions.length).toFixed(1)}, vector ${(sides.vector / questions.length).toFixed(1)}`,
  );
}
