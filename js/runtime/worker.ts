// The worker side of the browser runtime. An app's worker file is one line:
//   import 'pocketlite/worker';
// and the page connects to it with connectReplica (pocketlite/browser).
import { compileEngine } from '../engine/loader.js';
import { Host } from './host.js';
import type { ToHost } from './protocol.js';

// Download and compile the engine now, while the page sends its open request and the host takes
// its locks and opens storage: the open awaits this same compile (loader.ts keeps one per URL). A
// failure here is reported by the open that needs the engine.
void compileEngine().catch(() => {});

const scope = self as unknown as DedicatedWorkerGlobalScope;
const host = new Host((message) => scope.postMessage(message));
scope.onmessage = (event: MessageEvent<ToHost>) => host.receive(event.data);
