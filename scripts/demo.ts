// The README's demo: a real local PocketBase with generated OpenSync data, and the demo page
// that replicates it in a Web Worker. Ctrl-C stops everything.
import path from 'node:path';

import { SIZES } from '../js/opensync/generator.js';
import { DEMO_LOGIN, startDemo } from './lib/demo-server.js';

const demo = await startDemo({
  size: SIZES.demo,
  pbDataDir: path.resolve('.tools/demo/pb_data'),
  pbPort: Number(process.env.POCKETLITE_PB_PORT ?? 8090),
  webPort: Number(process.env.POCKETLITE_DEMO_PORT ?? 5173),
  onProgress: (p) => process.stdout.write(`\rloading ${p.collection}: ${p.done}/${p.total}        `),
});
console.log(`
pocketlite demo is running

  Demo page:   ${demo.pageUrl}
  PocketBase:  ${demo.pocketbase.url}/_/   (superuser admin@example.com / pocketlite-admin-1)
  Demo login:  ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}  (${demo.sessions} sessions)

Press Ctrl-C to stop.`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void demo.stop().then(() => process.exit(0)));
}
