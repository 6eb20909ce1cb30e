import '../../../js/runtime/worker.js';
