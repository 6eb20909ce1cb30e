// The demo's worker: pocketlite's browser runtime (engine, OPFS storage, sync, tab leadership).
import '../../js/runtime/worker.js';
