// Vector search benchmark in Node (see bench/vector-run.ts for what it measures).
// Run: [ROUNDS=3] npx tsx bench/vector.ts [vectors=100000] [dimension=1536]
import { printVectorBench, runVectorBench } from './vector-run.js';

const count = Number(process.argv[2] ?? 100_000);
const dimension = Number(process.argv[3] ?? 1536);
const rounds = Number(process.env.ROUNDS ?? 3);
printVectorBench(await runVectorBench(count, dimension, (m) => console.error(m), rounds), 'Node');
