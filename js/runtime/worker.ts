// The worker side of the browser runtime. An app's worker file is one line:
//   import 'pocketlite/worker';
// and the page connects to it with connectReplica (pocketlite/browser).
import { Host } from './host.js';
import type { ToHost } from './protocol.js';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const host = new Host((message) => scope.postMessage(message));
scope.onmessage = (event: MessageEvent<ToHost>) => host.receive(event.data);
