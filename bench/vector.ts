// Vector search benchmark in Node (see bench/vector-run.ts for what it measures).
// Run: npx tsx bench/vector.ts [vectors=100000] [dimension=1536]
import { printVectorBench, runVectorBench } from './vector-run.js';

const count = Number(process.argv[2] ?? 100_000);
const dimension = Number(process.argv[3] ?? 1536);
printVectorBench(await runVectorBench(count, dimension, (m) => console.error(m)), 'Node');
