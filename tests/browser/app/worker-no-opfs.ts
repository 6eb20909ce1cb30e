// The runtime's worker in a browser without OPFS (no-opfs.ts runs first: imports run in order).
import './no-opfs.js';
import '../../../js/runtime/worker.js';
