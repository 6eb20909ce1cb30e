// Runs the vector benchmark in the page (the engine on the main thread, as a worker would run
// it: no UI work competes) and leaves the result as JSON in #result.
import { runVectorBench } from '../vector-run.js';

const params = new URLSearchParams(location.search);
const log = (message: string) => (document.getElementById('log')!.textContent += message + '\n');
runVectorBench(Number(params.get('count') ?? 50_000), Number(params.get('dimension') ?? 1536), log).then(
  (result) => (document.getElementById('result')!.textContent = JSON.stringify(result)),
  (error: Error) =>
    (document.getElementById('result')!.textContent = JSON.stringify({ error: error.message })),
);
